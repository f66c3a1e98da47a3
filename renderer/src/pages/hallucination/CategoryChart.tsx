import { Card, Group, SegmentedControl, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { builtinCategories, type RunRecord, type SummaryBucket } from '../../../../electron/shared/contract/hallucination.ts';
import { categoryLabel, formatScore, formatShare, runColorValues } from './labels.ts';

type Metric = 'score' | 'correctRate' | 'notAttemptedRate';

const valueOf = (bucket: SummaryBucket, metric: Metric): number =>
  metric === 'score' ? bucket.score : metric === 'correctRate' ? bucket.correctRate : bucket.items === 0 ? 0 : bucket.notAttempted / bucket.items;

/** Built-in categories in their usual order, then a user suite's own. */
function orderedCategories(runs: readonly RunRecord[]): string[] {
  const present = new Set(runs.flatMap((run) => Object.keys(run.summary?.byCategory ?? {})));
  const known = builtinCategories.filter((category) => present.has(category));
  return [...known, ...[...present].filter((category) => !(builtinCategories as readonly string[]).includes(category)).sort()];
}

/** One group of bars per category, one bar per run: where each model hallucinates, declines or gets it right. */
export function CategoryChart({ runs }: { runs: readonly RunRecord[] }) {
  const { t } = useTranslation('hallucination');
  const [metric, setMetric] = useState<Metric>('score');
  const categories = orderedCategories(runs);
  const data = [
    ...categories.map((category) => ({
      category: categoryLabel(t, category),
      ...Object.fromEntries(runs.map((run, index) => [`run${index}`, run.summary?.byCategory[category] ? valueOf(run.summary.byCategory[category], metric) : null])),
    })),
    { category: t('results.overall'), ...Object.fromEntries(runs.map((run, index) => [`run${index}`, run.summary ? valueOf(run.summary.overall, metric) : null])) },
  ];
  const format = (value: number): string => (metric === 'score' ? formatScore(value) : formatShare(value));
  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={4}>{t('results.chartTitle')}</Title>
        <SegmentedControl
          size="xs"
          value={metric}
          onChange={(value) => setMetric(value as Metric)}
          data={(['score', 'correctRate', 'notAttemptedRate'] as const).map((value) => ({ value, label: t(`results.metrics.${value}`) }))}
          data-testid="chart-metric"
        />
      </Group>
      {runs.length === 0 ? (
        <Text c="dimmed">{t('results.noRuns')}</Text>
      ) : (
        <div data-testid="category-chart" style={{ width: '100%', height: 340 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={data} margin={{ top: 8, right: 16, bottom: 48, left: 40 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="category" interval={0} angle={-25} textAnchor="end" height={70} tick={{ fontSize: 12 }} />
              <YAxis domain={metric === 'score' ? [-1, 1] : [0, 1]} tickFormatter={format} width={56} />
              {metric === 'score' && <ReferenceLine y={0} stroke="#868e96" />}
              <Tooltip formatter={(value) => (typeof value === 'number' ? format(value) : String(value))} />
              <Legend verticalAlign="top" />
              {runs.map((run, index) => (
                <Bar key={run.id} dataKey={`run${index}`} name={run.label} fill={runColorValues[index % runColorValues.length]} isAnimationActive={false} />
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Card>
  );
}
