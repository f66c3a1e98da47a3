import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';
import { setSource, type ChatStage } from './chatStage.ts';
import { updateChatStage } from './chatStageStore.ts';
import { modelOptions } from './modelChoices.ts';

/**
 * Where the chat pipeline starts: a world folder and a base model. A finished pretraining run fills both in; a
 * base pretrained earlier can be picked from the library with the world it was trained on.
 */
export function ChatSourcePicker({ stage, models }: { stage: ChatStage; models: readonly ModelEntry[] }) {
  const { t } = useTranslation('pretraining');
  const [worldDir, setWorldDir] = useState(stage.worldDir);
  const [basePath, setBasePath] = useState<string | null>(stage.base?.path ?? null);
  // A pretraining run that finishes hands its world and model over; the form follows.
  useEffect(() => setWorldDir(stage.worldDir), [stage.worldDir]);
  useEffect(() => setBasePath(stage.base?.path ?? null), [stage.base?.path]);

  const options = modelOptions(models, stage.base);
  const changed = worldDir.trim() !== stage.worldDir || basePath !== (stage.base?.path ?? null);
  const apply = (): void => {
    if (!worldDir.trim() || basePath === null) return;
    const name = options.find((option) => option.value === basePath)?.label ?? basePath;
    updateChatStage((current) => setSource(current, { worldDir: worldDir.trim(), base: { path: basePath, name } }));
  };

  return (
    <Stack gap="xs" data-testid="chat-source">
      <Text size="sm" fw={500}>
        {t('chat.source.title')}
      </Text>
      <Group align="end">
        <TextInput
          label={t('chat.source.worldDir')}
          description={t('chat.source.worldDirHint')}
          value={worldDir}
          onChange={(event) => setWorldDir(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') apply();
          }}
          style={{ flex: 1, minWidth: 280 }}
          data-testid="chat-world-dir"
        />
        <Select
          label={t('chat.source.base')}
          placeholder={t('chat.source.basePlaceholder')}
          data={options}
          value={basePath}
          onChange={setBasePath}
          searchable
          w={280}
          data-testid="chat-base-model"
        />
        <Button variant={changed ? 'filled' : 'default'} disabled={!changed || !worldDir.trim() || basePath === null} onClick={apply} data-testid="chat-source-apply">
          {t('chat.source.apply')}
        </Button>
      </Group>
      {changed && stage.base && (
        <Text size="xs" c="dimmed">
          {t('chat.source.resetWarning')}
        </Text>
      )}
    </Stack>
  );
}
