import { Bar, BarChart, CartesianGrid, Cell, Legend, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { ChartCard } from '../../app/ChartCard.tsx';
import type { MarginHistogram, RewardModelResult } from '../../../../electron/shared/contract/rewardModel.ts';
import { generalizationRows, histogramRows } from './rewardChartRows.ts';

/** Accuracy before and after training: held-out pairs of the training distribution next to another domain's. */
export function GeneralizationChart({ result }: { result: RewardModelResult }) {
  const { t } = useTranslation('rewardModel');
  const rows = generalizationRows(result, t('result.heldOut'));
  return (
    <ChartCard title={t('result.generalizationTitle')} help={t('result.generalizationHelp')} testId="rm-generalization">
      <BarChart data={rows} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="set" tick={{ fontSize: 11 }} />
        <YAxis domain={[0, 1]} tick={{ fontSize: 11 }} width={40} />
        <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        <ReferenceLine y={0.5} stroke="#adb5bd" strokeDasharray="4 4" />
        <Bar dataKey="before" name={t('result.before')} fill="#adb5bd" isAnimationActive={false} />
        <Bar dataKey="after" name={t('result.after')} fill="#228be6" isAnimationActive={false} />
      </BarChart>
    </ChartCard>
  );
}

/** How many pairs fall in each margin range; the bins left of 0 (wrong way round) in red. */
export function MarginHistogramChart({ histogram }: { histogram: MarginHistogram }) {
  const { t } = useTranslation('rewardModel');
  const rows = histogramRows(histogram);
  return (
    <ChartCard title={t('result.histogramTitle')} help={t('result.histogramHelp')} testId="rm-histogram">
      <BarChart data={rows} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="bin" tick={{ fontSize: 10 }} interval={0} angle={-30} textAnchor="end" height={48} />
        <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} />
        <Tooltip />
        <Bar dataKey="count" name={t('result.pairs')} isAnimationActive={false}>
          {rows.map((row) => (
            <Cell key={row.bin} fill={row.wrong ? '#fa5252' : '#40c057'} />
          ))}
        </Bar>
      </BarChart>
    </ChartCard>
  );
}
