import { Card, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ShiftResult } from '../../../../electron/shared/contract/compare.ts';

const lineColors = ['#4c6ef5', '#12b886', '#f76707', '#ae3ec9'];

/** Running sum of Δ log P along the text: where the curve climbs, the contender took probability from the baseline. */
export function ShiftChart({ result }: { result: ShiftResult }) {
  const { t } = useTranslation('compare');
  const others = result.columns.map((_, index) => index).filter((index) => index !== result.baseline && result.columns[index]!.error === null);
  const totals = others.map(() => 0);
  const data = result.segments.map((segment, position) => {
    const point: Record<string, number | string> = { position: position + 1, piece: segment.text };
    others.forEach((column, at) => {
      const own = segment.logprobs[column];
      const base = segment.logprobs[result.baseline];
      if (own != null && base != null) totals[at]! += own - base;
      point[`c${column}`] = Number(totals[at]!.toFixed(4));
    });
    return point;
  });
  if (others.length === 0) return null;
  return (
    <Card withBorder padding="sm">
      <Text size="sm" fw={500} mb={4}>
        {t('shift.chartTitle')}
      </Text>
      <div style={{ width: '100%', height: 220 }} data-testid="shift-chart">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="position" tick={{ fontSize: 11 }} label={{ value: t('shift.chartPosition'), position: 'insideBottomRight', offset: -2, fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={48} />
            <ReferenceLine y={0} stroke="#868e96" />
            <Tooltip labelFormatter={(_, payload) => JSON.stringify(String(payload?.[0]?.payload?.piece ?? ''))} formatter={(value) => (typeof value === 'number' ? value.toFixed(2) : String(value))} />
            <Legend verticalAlign="top" height={24} />
            {others.map((column) => (
              <Line key={column} type="stepAfter" dataKey={`c${column}`} name={`${column + 1}. ${result.columns[column]!.label}`} stroke={lineColors[column % lineColors.length]} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}
