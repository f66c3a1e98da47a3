import { ActionIcon, Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ChatMessage } from '../../../../electron/shared/contract/generate.ts';

interface ChatEditorProps {
  system: string;
  messages: ChatMessage[];
  draft: string;
  onSystem(system: string): void;
  onMessages(messages: ChatMessage[]): void;
  onDraft(draft: string): void;
  /** Enter in the message field (Shift+Enter is a new line), as in every chat app. */
  onSend(): void;
}

/** A multi-turn conversation whose every message can be edited, then re-run from there. */
export function ChatEditor({ system, messages, draft, onSystem, onMessages, onDraft, onSend }: ChatEditorProps) {
  const { t } = useTranslation('playground');
  return (
    <Stack gap="xs">
      <Textarea label={t('prompt.system')} placeholder={t('prompt.systemPlaceholder')} autosize minRows={1} maxRows={6} value={system} onChange={(event) => onSystem(event.currentTarget.value)} />
      {messages.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('prompt.emptyChat')}
        </Text>
      ) : (
        messages.map((message, index) => (
          <Paper key={index} withBorder p="xs" bg={message.role === 'assistant' ? 'var(--mantine-color-default-hover)' : undefined} data-testid="chat-message">
            <Group justify="space-between" mb={4}>
              <Badge variant="light" color={message.role === 'assistant' ? 'grape' : 'blue'}>
                {t(`prompt.role.${message.role}`)}
              </Badge>
              <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('prompt.deleteMessage')} onClick={() => onMessages(messages.filter((_, at) => at !== index))}>
                ✕
              </ActionIcon>
            </Group>
            <Textarea
              variant="unstyled"
              autosize
              minRows={1}
              value={message.content}
              onChange={(event) => onMessages(messages.map((item, at) => (at === index ? { ...item, content: event.currentTarget.value } : item)))}
            />
          </Paper>
        ))
      )}
      <Textarea
        label={t('prompt.user')}
        placeholder={t('prompt.userPlaceholder')}
        autosize
        minRows={2}
        maxRows={10}
        value={draft}
        onChange={(event) => onDraft(event.currentTarget.value)}
        onKeyDown={(event) => {
          // Ctrl/Cmd+Enter is the page's own shortcut; a composing IME's Enter picks a candidate, not send.
          if (event.key !== 'Enter' || event.shiftKey || event.ctrlKey || event.metaKey || event.nativeEvent.isComposing) return;
          event.preventDefault();
          onSend();
        }}
        data-testid="chat-draft"
      />
      {messages.length > 0 && (
        <Group>
          <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onMessages([])}>
            {t('prompt.clearChat')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
