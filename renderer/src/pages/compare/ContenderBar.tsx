import { Button, Checkbox, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';
import { ContenderCard } from './ContenderCard.tsx';
import { newContender, type ContenderDraft } from './contenderDraft.ts';
import { pickBaseChatPair } from './pickBaseChatPair.ts';

interface ContenderBarProps {
  readonly drafts: readonly ContenderDraft[];
  readonly models: readonly ModelEntry[];
  readonly onChange: (drafts: ContenderDraft[]) => void;
  readonly children?: ReactNode;
}

export const maxContenders = 4;

/** The 2–4 columns being compared, plus "base vs chat in one click". */
export function ContenderBar({ drafts, models, onChange, children }: ContenderBarProps) {
  const { t } = useTranslation('compare');
  const [withFewShot, setWithFewShot] = useState(true);
  const pair = pickBaseChatPair(models);

  const baseVsChat = (): void => {
    if (!pair) return;
    onChange([
      newContender({ model: pair.base.id, mode: 'raw' }),
      ...(withFewShot ? [newContender({ model: pair.base.id, mode: 'fewshot' })] : []),
      newContender({ model: pair.chat.id, mode: 'chat' }),
    ]);
  };

  return (
    <Stack gap="xs">
      <Group justify="space-between" align="center">
        <Title order={4}>{t('contenders.title')}</Title>
        <Group gap="sm">
          {children}
          <Checkbox size="xs" label={t('contenders.withFewShot')} checked={withFewShot} onChange={(event) => setWithFewShot(event.currentTarget.checked)} data-testid="base-vs-chat-fewshot" />
          <Tooltip label={pair ? `${t('contenders.baseVsChatHint')} (${pair.base.name} · ${pair.chat.name})` : t('contenders.noPair')} multiline w={320}>
            <Button size="xs" variant="light" onClick={baseVsChat} disabled={!pair} data-testid="base-vs-chat">
              {t('contenders.baseVsChat')}
            </Button>
          </Tooltip>
        </Group>
      </Group>
      {models.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('contenders.noModels')}
        </Text>
      )}
      <Group align="stretch" gap="sm" wrap="wrap">
        {drafts.map((draft, index) => (
          <ContenderCard
            key={draft.id}
            index={index}
            draft={draft}
            models={models}
            onChange={(next) => onChange(drafts.map((entry) => (entry.id === draft.id ? next : entry)))}
            onRemove={drafts.length > 2 ? () => onChange(drafts.filter((entry) => entry.id !== draft.id)) : null}
          />
        ))}
        {drafts.length < maxContenders && (
          <Button variant="default" style={{ alignSelf: 'center' }} onClick={() => onChange([...drafts, newContender()])} data-testid="add-contender">
            + {t('contenders.add')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
