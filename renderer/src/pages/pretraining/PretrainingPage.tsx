import { Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PreparedWorld } from '../../../../electron/shared/contract/pretraining.ts';
import { setSource } from './chatStage.ts';
import { updateChatStage } from './chatStageStore.ts';
import { ChatStagePanel } from './ChatStagePanel.tsx';
import { PresetTable } from './PresetTable.tsx';
import { RunPanel, type PretrainedBase } from './RunPanel.tsx';
import { WorldPanel } from './WorldPanel.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';

/** A finished run's base model and world become the start of the chat stage. */
function handOver(base: PretrainedBase): void {
  const name = base.outPath.split(/[\\/]/).at(-1) ?? base.outPath;
  updateChatStage((current) => setSource(current, { worldDir: base.worldDir, base: { path: base.outPath, name } }));
}

/** Nano pretraining dashboard: world + tokenizer, a live pretraining run, then the base made a chat model. */
export function PretrainingPage() {
  const { t } = useTranslation('pretraining');
  const [world, setWorld] = useState<PreparedWorld | null>(null);
  return (
    <Stack>
      <PageHeader title={t('title')} intro={t('intro')} />
      <PresetTable />
      <WorldPanel world={world} onPrepared={setWorld} />
      <RunPanel world={world} onFinished={handOver} />
      <ChatStagePanel />
    </Stack>
  );
}
