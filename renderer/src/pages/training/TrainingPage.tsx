import { Grid, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AdaptersTable } from './AdaptersTable.tsx';
import { NewRunPanel } from './NewRunPanel.tsx';
import { RunDashboard } from './RunDashboard.tsx';
import { RunHistory } from './RunHistory.tsx';
import { RunInteropPanel } from './interop/RunInteropPanel.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useApiQuery } from '../../api/hooks.ts';

/** LoRA SFT / DPO / full-parameter training: set up a run, watch it live, look back at earlier runs and adapters. */
export function TrainingPage() {
  const { t } = useTranslation('training');
  const [runId, setRunId] = useState<string | null>(null);
  // After a reload (or coming back to the page) the run a job is training is shown again, live, with its Cancel.
  const runs = useApiQuery('training.runs', { limit: 20 });
  const running = runs.data?.find((run) => run.state === 'running' || run.state === 'queued')?.id ?? null;
  const [reattached, setReattached] = useState<string | null>(null);
  if (running !== null && runId === null && reattached !== running) {
    setReattached(running);
    setRunId(running);
  }
  return (
    <Stack>
      <PageHeader title={t('title')} intro={t('intro')} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <NewRunPanel onStarted={setRunId} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <RunDashboard runId={runId} onDeleted={() => setRunId(null)} />
        </Grid.Col>
      </Grid>
      <RunHistory selectedRunId={runId} onSelect={setRunId} />
      <AdaptersTable />
      <RunInteropPanel onImported={setRunId} />
    </Stack>
  );
}
