import { Card, Stack, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

interface ChartCardProps {
  title: string;
  /** One sentence saying how to read the chart. */
  help: string;
  testId: string;
  height?: number;
  /** How many data points the chart shows (data-points, which the e2e tests read). */
  points?: number;
  /** A Recharts chart; it fills the card's width. */
  children: ReactElement;
}

/** Every chart in the app sits in the same card: a title, how to read it, then the chart at full width. */
export function ChartCard({ title, help, testId, height = 220, points, children }: ChartCardProps) {
  return (
    <Card withBorder padding="xs" data-testid={testId} data-points={points}>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {title}
        </Text>
        <Text size="xs" c="dimmed">
          {help}
        </Text>
        <div style={{ width: '100%', height }}>
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      </Stack>
    </Card>
  );
}
