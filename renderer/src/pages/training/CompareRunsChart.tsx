import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { compareRows } from './chartData.ts';
import { MetricChart } from './MetricChart.tsx';

const palette = ['#4c6ef5', '#f76707', '#37b24d', '#f03e3e', '#ae3ec9', '#1098ad', '#f59f00', '#495057'];

/** The training loss of several runs on one step axis. */
export function CompareRunsChart({ runs }: { runs: readonly { id: string; name: string }[] }) {
  const { t } = useTranslation('training');
  // Same query keys as useApiQuery('training.run', …), so an open dashboard and this chart share the cache.
  const details = useQueries({
    queries: runs.map((run) => ({ queryKey: ['training.run', { runId: run.id }], queryFn: () => api.call('training.run', { runId: run.id }) })),
  });
  const loaded = details.flatMap((query) => (query.data ? [{ id: query.data.id, name: query.data.name, metrics: query.data.metrics }] : []));
  return (
    <MetricChart
      title={t('history.compare')}
      help={t('charts.lossHelp')}
      rows={compareRows(loaded)}
      lines={loaded.map((run, index) => ({ key: `loss:${run.id}`, label: run.name, color: palette[index % palette.length] ?? '#4c6ef5' }))}
      testId="training-compare-chart"
    />
  );
}
