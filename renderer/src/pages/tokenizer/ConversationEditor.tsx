import { ActionIcon, Button, Group, Select, Stack, Switch, Text, Textarea, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ChatMessage } from '../../../../electron/shared/contract/tokenizer.ts';

const roles = ['system', 'user', 'assistant'] as const;

/** Trained unless switched off: assistant turns default to weight 1, others to 0 (the renderer's rule). */
const isTrained = (message: ChatMessage): boolean => (message.weight ?? (message.role === 'assistant' ? 1 : 0)) > 0;

interface ConversationEditorProps {
  readonly messages: readonly ChatMessage[];
  readonly onChange: (messages: ChatMessage[]) => void;
}

export function ConversationEditor({ messages, onChange }: ConversationEditorProps) {
  const { t } = useTranslation('tokenizer');
  const update = (index: number, patch: Partial<ChatMessage>): void =>
    onChange(messages.map((message, i) => (i === index ? { ...message, ...patch } : message)));

  return (
    <Stack gap="xs" data-testid="conversation-editor">
      <Text size="xs" c="dimmed">
        {t('template.weightHint')}
      </Text>
      {messages.map((message, index) => (
        <Group key={index} align="flex-start" gap="xs" wrap="nowrap" data-testid={`message-${index}`}>
          <Select
            aria-label={t('template.role')}
            w={150}
            value={message.role}
            allowDeselect={false}
            data={roles.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
            onChange={(role) => role && update(index, { role, weight: undefined })}
          />
          <Textarea
            aria-label={t('template.content')}
            style={{ flex: 1 }}
            autosize
            minRows={1}
            maxRows={8}
            value={message.content}
            onChange={(event) => update(index, { content: event.currentTarget.value })}
          />
          <Switch
            mt={8}
            label={t('template.train')}
            checked={isTrained(message)}
            onChange={(event) => update(index, { weight: event.currentTarget.checked ? 1 : 0 })}
          />
          <Tooltip label={t('template.removeMessage')}>
            <ActionIcon
              mt={4}
              variant="subtle"
              color="gray"
              aria-label={t('template.removeMessage')}
              disabled={messages.length <= 1}
              onClick={() => onChange(messages.filter((_, i) => i !== index))}
            >
              ×
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      <Button
        variant="default"
        size="xs"
        w="fit-content"
        onClick={() => {
          const last = messages.at(-1)?.role;
          onChange([...messages, { role: last === 'user' ? 'assistant' : 'user', content: '' }]);
        }}
      >
        {t('template.addMessage')}
      </Button>
    </Stack>
  );
}
