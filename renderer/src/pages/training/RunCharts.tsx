import { SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TrainingMetricPoint, TrainingObjective } from '../../../../electron/shared/contract/training.ts';
import { gradNormRows, lossRows, rateRows, rewardRows } from './chartData.ts';
import { MetricChart } from './MetricChart.tsx';
import { formatRate } from './trainingFormat.ts';

/** Loss, learning rate and gradient norm for every run; rewards, accuracy and log-probs for DPO. */
export function RunCharts({ metrics, objective }: { metrics: readonly TrainingMetricPoint[]; objective: TrainingObjective }) {
  const { t } = useTranslation('training');
  const dpo = objective === 'dpo';
  const rewards = dpo ? rewardRows(metrics) : [];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
      <MetricChart
        title={t('charts.loss')}
        help={dpo ? t('charts.dpoLossHelp') : t('charts.lossHelp')}
        rows={lossRows(metrics)}
        lines={[
          { key: 'loss', label: t('charts.train'), color: '#4c6ef5' },
          { key: 'valLoss', label: t('charts.validation'), color: '#f76707', dashed: true },
        ]}
        reference={dpo ? Math.LN2 : undefined}
        testId="training-loss-chart"
      />
      <MetricChart title={t('charts.lr')} help={t('charts.lrHelp')} rows={rateRows(metrics)} lines={[{ key: 'lr', label: t('charts.lr'), color: '#37b24d' }]} format={formatRate} testId="training-lr-chart" />
      <MetricChart title={t('charts.gradNorm')} help={t('charts.gradNormHelp')} rows={gradNormRows(metrics)} lines={[{ key: 'gradNorm', label: t('charts.gradNorm'), color: '#ae3ec9' }]} testId="training-gradnorm-chart" />
      {dpo && (
        <>
          <MetricChart
            title={t('charts.rewards')}
            help={t('charts.rewardsHelp')}
            rows={rewards}
            lines={[
              { key: 'chosen', label: t('charts.chosen'), color: '#37b24d' },
              { key: 'rejected', label: t('charts.rejected'), color: '#f03e3e' },
              { key: 'margins', label: t('charts.margins'), color: '#4c6ef5' },
            ]}
            reference={0}
            testId="training-rewards-chart"
          />
          <MetricChart
            title={t('charts.accuracies')}
            help={t('charts.accuraciesHelp')}
            rows={rewards}
            lines={[
              { key: 'accuracies', label: t('charts.accuracies'), color: '#4c6ef5' },
              { key: 'valAccuracies', label: t('charts.valAccuracies'), color: '#f76707', dashed: true },
            ]}
            reference={0.5}
            format={(value) => value.toFixed(2)}
            testId="training-accuracies-chart"
          />
          <MetricChart
            title={t('charts.logps')}
            help={t('charts.logpsHelp')}
            rows={rewards}
            lines={[
              { key: 'logpsChosen', label: t('charts.chosen'), color: '#37b24d' },
              { key: 'logpsRejected', label: t('charts.rejected'), color: '#f03e3e' },
            ]}
            testId="training-logps-chart"
          />
        </>
      )}
    </SimpleGrid>
  );
}
