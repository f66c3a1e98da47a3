import { Card, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { EvalRun } from '../../../../electron/shared/contract/evals.ts';
import { percent, runChartRows, type EvalMetric } from './resultsMatrix.ts';

const COLORS = ['#228be6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#1098ad', '#e03131', '#5c940d'];

/** One task's score across its runs, a line per model; the dashed line is chance. */
export function EvalRunsChart({ runs, tasks, metric }: { runs: readonly EvalRun[]; tasks: readonly string[]; metric: EvalMetric }) {
  const { t } = useTranslation('evals');
  const [picked, setPicked] = useState<string | null>(null);
  const task = picked !== null && tasks.includes(picked) ? picked : (tasks[0] ?? null);
  if (task === null) return null;
  const { rows, series, chance } = runChartRows(runs, task, metric);
  return (
    <Card withBorder data-testid="eval-chart" data-points={rows.length}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t('chart.title')}</Title>
          <Select size="xs" w={220} label={t('chart.task')} data={[...tasks]} value={task} onChange={setPicked} allowDeselect={false} data-testid="eval-chart-task" />
        </Group>
        <Text size="xs" c="dimmed">
          {t('chart.help')}
        </Text>
        <div style={{ width: '100%', height: 240 }}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="run" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} tick={{ fontSize: 11 }} />
              <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={48} tickFormatter={(value: number) => percent(value)} />
              <Tooltip formatter={(value) => (typeof value === 'number' ? percent(value) : String(value))} labelFormatter={(run) => t('chart.run', { run: String(run) })} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              {chance !== null && <ReferenceLine y={chance} stroke="#adb5bd" strokeDasharray="4 4" />}
              {series.map((line, index) => (
                <Line key={line.key} type="monotone" dataKey={line.key} name={line.label} stroke={COLORS[index % COLORS.length]} connectNulls isAnimationActive={false} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      </Stack>
    </Card>
  );
}
