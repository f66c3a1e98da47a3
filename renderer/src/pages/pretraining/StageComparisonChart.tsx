import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { WorldProbeReport } from '../../../../electron/shared/contract/worldChat.ts';
import { formatShare, verdictColors, verdictRows, worldVerdicts } from './probeView.ts';

/**
 * One stacked bar per model and group: how each model's answers split into correct / wrong / refused /
 * hallucinated. Bars of one group stand together, so base, chat and chat+IDK read side by side.
 */
export function StageComparisonChart({ report, testId }: { report: WorldProbeReport; testId: string }) {
  const { t } = useTranslation('pretraining');
  const rows = verdictRows(report).map((row) => ({ ...row, name: `${t(`chat.groups.${row.group}`)} · ${row.label}` }));
  if (rows.length === 0) return <Text c="dimmed">{t('chat.probe.empty')}</Text>;
  return (
    <div style={{ width: '100%', height: 300 }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 40, left: 8 }} barCategoryGap="18%">
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" interval={0} angle={-20} textAnchor="end" height={60} tick={{ fontSize: 11 }} />
          <YAxis domain={[0, 1]} tickFormatter={(value: number) => formatShare(value)} width={44} />
          <Tooltip
            formatter={(value, name) => [typeof value === 'number' ? formatShare(value) : String(value), name]}
            labelFormatter={(label) => {
              const name = String(label);
              const row = rows.find((entry) => entry.name === name);
              return row ? `${name} (${t('chat.probe.asked', { count: row.asked })})` : name;
            }}
          />
          <Legend verticalAlign="top" itemSorter={null} />
          {worldVerdicts.map((verdict) => (
            <Bar key={verdict} dataKey={verdict} name={t(`chat.verdicts.${verdict}`)} stackId="verdicts" fill={verdictColors[verdict].hex} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
