import { ChartCard } from '../../app/ChartCard.tsx';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartLine {
  key: string;
  label: string;
  color: string;
  dashed?: boolean;
}

interface MetricChartProps {
  title: string;
  help: string;
  rows: readonly object[];
  lines: readonly ChartLine[];
  testId: string;
  /** A horizontal guide (ln 2 for DPO loss, 0 for rewards, 0.5 for accuracy). */
  reference?: number;
  format?: (value: number) => string;
}

/** One metric family against the step, with a sentence saying how to read it. */
export function MetricChart({ title, help, rows, lines, testId, reference, format = (value) => value.toPrecision(4) }: MetricChartProps) {
  return (
    <ChartCard title={title} help={help} testId={testId} height={200} points={rows.length}>
      <LineChart data={rows as object[]} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 11 }} allowDecimals={false} />
        <YAxis domain={['auto', 'auto']} tick={{ fontSize: 11 }} width={56} tickFormatter={(value: number) => format(value)} />
        <Tooltip formatter={(value) => (typeof value === 'number' ? format(value) : String(value))} labelFormatter={(step) => `step ${String(step)}`} />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {reference !== undefined && <ReferenceLine y={reference} stroke="#adb5bd" strokeDasharray="4 4" />}
        {lines.map((line) => (
          <Line
            key={line.key}
            type="monotone"
            dataKey={line.key}
            name={line.label}
            stroke={line.color}
            strokeDasharray={line.dashed ? '5 3' : undefined}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ChartCard>
  );
}
