import { Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { isRunning, adoptExistingChat, type ChatStage } from './chatStage.ts';
import { syncWithJobs, updateChatStage, useChatStage } from './chatStageStore.ts';
import { ChatSourcePicker } from './ChatSourcePicker.tsx';
import { IdkDataPanel } from './IdkDataPanel.tsx';
import { IdkTrainPanel } from './IdkTrainPanel.tsx';
import { modelName, modelOptions } from './modelChoices.ts';
import { ProbeStepCard } from './ProbeStepCard.tsx';
import { SftStepCard } from './SftStepCard.tsx';

/** Step 1 can be skipped with a chat model trained earlier (on the same world). */
function ExistingChatPicker({ stage, models }: { stage: ChatStage; models: readonly ModelEntry[] }) {
  const { t } = useTranslation('pretraining');
  const [path, setPath] = useState<string | null>(null);
  const options = modelOptions(models, null).filter((option) => option.value !== stage.base?.path);
  const usable = path !== null && stage.base !== null && stage.sft.status !== 'running' && path !== stage.chat?.path;
  return (
    <Group align="end">
      <Select label={t('chat.sft.existing')} placeholder={t('chat.source.basePlaceholder')} data={options} value={path} onChange={setPath} searchable w={280} data-testid="chat-existing-model" />
      <Button
        variant="default"
        disabled={!usable}
        onClick={() => path !== null && updateChatStage((current) => adoptExistingChat(current, { path, name: modelName(models, path) }))}
        data-testid="chat-use-existing"
      >
        {t('chat.sft.useExisting')}
      </Button>
    </Group>
  );
}

/**
 * "Make it a chat model": SFT on the known people, probe base vs chat on known / held-out / nonexistent people,
 * build "I don't know" data from what the probe found, train on it and compare the three stages.
 */
export function ChatStagePanel() {
  const { t } = useTranslation('pretraining');
  const stage = useChatStage();
  const running = isRunning(stage);
  const models = useApiQuery('models.list', {});
  const list = models.data ?? [];
  const nameOf = (path: string): string => modelName(list, path);

  // Jobs that ended while this window was not listening (reload, lost connection) are squared with the engine.
  const jobs = useApiQuery('jobs.list', { limit: 500 }, { refetchInterval: running ? 4000 : false });
  useEffect(() => {
    if (jobs.data && jobs.dataUpdatedAt > 0) void syncWithJobs(jobs.data, jobs.dataUpdatedAt);
  }, [jobs.data, jobs.dataUpdatedAt]);

  // New models (a just pretrained base, the chat and IDK models) enter the library when their job ends.
  const refetchModels = models.refetch;
  const newModels = [stage.base?.path, stage.sft.result?.modelId, stage.idkSft.result?.modelId].join('|');
  useEffect(() => {
    if (newModels !== '||') void refetchModels();
  }, [newModels, refetchModels]);

  return (
    <Card withBorder padding="sm" data-testid="chat-stage">
      <Stack gap="sm">
        <Text fw={500}>{t('chat.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('chat.intro')}
        </Text>
        <ChatSourcePicker stage={stage} models={list} />
        <SftStepCard step="sft" stage={stage} nameOf={nameOf}>
          {stage.chat && (
            <Text size="sm" data-testid="chat-model">
              {t('chat.sft.using', { name: nameOf(stage.chat.path) })}
            </Text>
          )}
          <ExistingChatPicker stage={stage} models={list} />
        </SftStepCard>
        <ProbeStepCard stage={stage} />
        <IdkDataPanel stage={stage} />
        <IdkTrainPanel stage={stage} nameOf={nameOf} />
      </Stack>
    </Card>
  );
}
