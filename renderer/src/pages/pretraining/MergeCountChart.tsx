import { Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LearnedMerge } from '../../../../electron/shared/contract/pretrainingWorldJob.ts';
import { countPoints } from './MergeStreamState.ts';

/**
 * Pair count per merge rank: BPE always merges the most frequent pair left, so the curve only falls — steeply
 * for the first merges (spaces, common letter pairs, "the") and then a long tail. A log axis shows both ends.
 */
export function MergeCountChart({ merges }: { readonly merges: readonly LearnedMerge[] }) {
  const { t } = useTranslation('pretraining');
  const points = useMemo(() => countPoints(merges), [merges]);
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {t('world.live.chart')}
      </Text>
      <div style={{ width: '100%', height: 180 }} data-testid="world-merge-chart" data-points={points.length}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="rank" type="number" domain={[0, 'dataMax']} tick={{ fontSize: 11 }} name={t('world.live.chartRank')} />
            <YAxis dataKey="count" scale="log" domain={['auto', 'auto']} allowDataOverflow tick={{ fontSize: 11 }} width={48} name={t('world.live.chartCount')} />
            <Tooltip labelFormatter={(rank) => `#${String(rank)}`} formatter={(value) => [String(value), t('world.live.chartCount')]} />
            <Line type="monotone" dataKey="count" stroke="#f08c00" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </Stack>
  );
}
