import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Loss per step; the long tail of a from-scratch run reads best on a plain axis starting at zero. */
export function LossChart({ points, height = 220, testId = 'pretraining-loss-chart' }: { points: readonly { step: number; loss: number }[]; height?: number; testId?: string }) {
  return (
    <div style={{ width: '100%', height }} data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points as { step: number; loss: number }[]} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} tick={{ fontSize: 11 }} />
          <YAxis domain={[0, 'auto']} tick={{ fontSize: 11 }} width={40} />
          <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} />
          <Line type="monotone" dataKey="loss" stroke="#4c6ef5" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
