import { Grid, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { EvalItemsModal } from './EvalItemsModal.tsx';
import { EvalMatrix } from './EvalMatrix.tsx';
import { EvalRunForm } from './EvalRunForm.tsx';
import { EvalRunsChart } from './EvalRunsChart.tsx';
import { EvalRunsTable } from './EvalRunsTable.tsx';
import { resultsMatrix, type EvalMetric } from './resultsMatrix.ts';

/**
 * Benchmarks: run tasks on models as one job, then read the model × task matrix with 95 % intervals, open any
 * cell's items (each choice's log P, the pick, the right one) and follow a task's score across runs.
 */
export function EvalsPage() {
  const { t } = useTranslation('evals');
  const queries = useQueryClient();
  const runs = useApiQuery('evals.runs', { limit: 200 });
  const [metric, setMetric] = useState<EvalMetric>('accuracy');
  const [openRun, setOpenRun] = useState<string | null>(null);
  const all = runs.data ?? [];
  const matrix = resultsMatrix(all, metric);
  const refresh = (): void => void queries.invalidateQueries({ queryKey: ['evals.runs'] });

  const deleteRun = (id: string): void => {
    setOpenRun(null);
    void api.call('evals.deleteRun', { id }).finally(refresh);
  };

  return (
    <Stack gap="md" data-testid="evals-page">
      <PageHeader title={t('title')} intro={t('intro')} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <EvalRunForm onFinished={refresh} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <EvalMatrix matrix={matrix} metric={metric} onMetric={setMetric} onOpen={setOpenRun} />
            <EvalRunsChart runs={all} tasks={matrix.tasks} metric={metric} />
            <EvalRunsTable runs={all} onOpen={setOpenRun} />
          </Stack>
        </Grid.Col>
      </Grid>
      <EvalItemsModal runId={openRun} onClose={() => setOpenRun(null)} onDelete={deleteRun} />
    </Stack>
  );
}
