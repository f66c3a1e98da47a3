import { SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChartCard } from '../../app/ChartCard.tsx';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from 'recharts';
import type { VariantChartRow } from './variantRows.ts';

const format = (value: unknown): string => (typeof value === 'number' ? value.toFixed(2) : String(value));

/** The trade-off at a glance: file size against held-out perplexity (down-left is better), and the speeds. */
export function VariantCharts({ rows }: { rows: VariantChartRow[] }) {
  const { t } = useTranslation('variants');
  const points = rows.filter((row) => row.perplexity !== null);
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <ChartCard title={t('charts.tradeoffTitle')} help={t('charts.tradeoffHelp')} testId="variants-tradeoff-chart" height={240}>
        <ScatterChart margin={{ top: 12, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="sizeMiB" name={t('table.size')} unit=" MiB" tick={{ fontSize: 11 }} tickFormatter={(value: number) => value.toFixed(1)} />
          <YAxis type="number" dataKey="perplexity" name={t('table.perplexity')} domain={['auto', 'auto']} tick={{ fontSize: 11 }} width={48} tickFormatter={(value: number) => value.toFixed(2)} />
          <ZAxis range={[80, 80]} />
          <Tooltip formatter={format} />
          <Scatter data={points} fill="#228be6" isAnimationActive={false}>
            <LabelList dataKey="name" position="top" style={{ fontSize: 10 }} />
          </Scatter>
        </ScatterChart>
      </ChartCard>
      <ChartCard title={t('charts.speedTitle')} help={t('charts.speedHelp')} testId="variants-speed-chart" height={240}>
        <BarChart data={rows} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" tick={{ fontSize: 10 }} interval={0} />
          <YAxis tick={{ fontSize: 11 }} width={48} />
          <Tooltip formatter={format} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="prefill" name={t('table.prefill')} fill="#adb5bd" isAnimationActive={false} />
          <Bar dataKey="decode" name={t('table.decode')} fill="#228be6" isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </SimpleGrid>
  );
}
