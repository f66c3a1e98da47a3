import { Alert, MultiSelect, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiEvent, useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { BeforeAfterTable } from './BeforeAfterTable.tsx';
import { CategoryChart } from './CategoryChart.tsx';
import { ItemComparisonTable } from './ItemComparisonTable.tsx';
import { useRefreshRuns } from './refreshRuns.ts';
import { RunSummaryTable } from './RunSummaryTable.tsx';

/** Saved runs side by side: the per-category chart, overall numbers, before/after, and every item. */
export function ResultsPanel({ selected, onSelected }: { selected: string[]; onSelected(runIds: string[]): void }) {
  const { t } = useTranslation('hallucination');
  const refresh = useRefreshRuns();
  const runs = useApiQuery('hallucination.listRuns', {});
  const comparison = useApiQuery('hallucination.compareRuns', { runIds: selected }, { enabled: selected.length > 0 });
  const remove = useApiMutation('hallucination.deleteRun');
  // Any lab job that ends (a run, a context re-run) may have changed what is on screen.
  useApiEvent('job.finished', (event) => {
    if (event.kind === 'hallucination') refresh();
  });

  const options = (runs.data ?? []).map((run) => ({ value: run.id, label: `${run.label} · ${run.suiteName} · ${run.createdAt.slice(0, 16).replace('T', ' ')}${run.state === 'done' ? '' : ` (${run.state})`}` }));
  const compared = comparison.data && selected.length > 0 ? comparison.data : null;
  return (
    <Stack>
      <MultiSelect label={t('results.runs')} data={options} value={selected} onChange={onSelected} maxValues={6} clearable searchable data-testid="results-runs" />
      {options.length === 0 && !runs.isLoading && <Alert>{t('results.noRuns')}</Alert>}
      {(runs.error ?? comparison.error) && <Alert color="red">{(runs.error ?? comparison.error)!.message}</Alert>}
      {compared && (
        <>
          <CategoryChart runs={compared.runs} />
          <RunSummaryTable runs={compared.runs} onDelete={(runId) =>
              remove.mutate(
                { runId },
                {
                  onSuccess: () => {
                    onSelected(selected.filter((id) => id !== runId));
                    refresh();
                  },
                },
              )
            } />
          <BeforeAfterTable rows={compared.beforeAfter} />
          <ItemComparisonTable comparison={compared} />
        </>
      )}
    </Stack>
  );
}
