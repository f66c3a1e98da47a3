import { Button, Card, Code, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, Cell, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { GeneratedToken } from '../../../../electron/shared/contract/generate.ts';
import { formatProbability, surprisalHue, visibleToken } from './tokenColor.ts';

interface TokenInspectorProps {
  token: GeneratedToken | null;
  onBranch(alternativeId: number): void;
  branching: boolean;
}

/** One token under the microscope: its probability, entropy, the alternatives, and a way to take another path. */
export function TokenInspector({ token, onBranch, branching }: TokenInspectorProps) {
  const { t } = useTranslation('playground');
  if (!token) {
    return (
      <Card withBorder>
        <Text size="sm" c="dimmed">
          {t('inspector.hint')}
        </Text>
      </Card>
    );
  }
  if (token.logprob === null) {
    return (
      <Card withBorder data-testid="token-inspector">
        <Text size="sm" c="dimmed">
          {t('inspector.noData')}
        </Text>
      </Card>
    );
  }
  const chart = token.top.map((alternative) => ({ label: visibleToken(alternative.text), p: Math.exp(alternative.logprob), id: alternative.id }));
  return (
    <Card withBorder data-testid="token-inspector">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={5}>
            {t('inspector.title')} <Code>{visibleToken(token.text)}</Code> <Text span size="xs" c="dimmed">#{token.id}</Text>
          </Title>
          {token.forced && <Text size="xs">{t('inspector.forced')}</Text>}
        </Group>
        <Group gap="lg">
          <Stat label={t('inspector.probability')} value={formatProbability(token.logprob)} testId="inspector-probability" />
          <Stat label={t('inspector.logprob')} value={token.logprob.toFixed(3)} />
          <Stat label={t('inspector.surprisal')} value={`${(-token.logprob).toFixed(2)} ${t('inspector.nats')}`} />
          {token.entropy !== null && <Stat label={t('inspector.entropy')} value={`${token.entropy.toFixed(2)} ${t('inspector.nats')}`} testId="inspector-entropy" />}
        </Group>
        <Text size="sm" fw={600}>
          {t('inspector.alternatives')}
        </Text>
        <div style={{ height: Math.max(120, chart.length * 22) }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={chart} layout="vertical" margin={{ left: 8, right: 16 }}>
              <XAxis type="number" domain={[0, 1]} tickFormatter={(value: number) => `${Math.round(value * 100)}%`} />
              <YAxis type="category" dataKey="label" width={90} interval={0} tick={{ fontSize: 11, fontFamily: 'monospace' }} />
              <Bar dataKey="p" isAnimationActive={false}>
                {chart.map((entry) => (
                  <Cell key={entry.id} fill={entry.id === token.id ? 'var(--mantine-color-blue-filled)' : `hsl(${surprisalHue(Math.log(entry.p))}, 60%, 55%)`} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
        <Table fz="xs" data-testid="inspector-alternatives">
          <Table.Tbody>
            {token.top.map((alternative) => (
              <Table.Tr key={alternative.id} fw={alternative.id === token.id ? 700 : undefined}>
                <Table.Td>
                  <Code>{visibleToken(alternative.text)}</Code>
                </Table.Td>
                <Table.Td>{formatProbability(alternative.logprob)}</Table.Td>
                <Table.Td>{alternative.logprob.toFixed(3)}</Table.Td>
                <Table.Td>
                  {alternative.id !== token.id && (
                    <Tooltip label={t('inspector.branchHint')}>
                      <Button size="compact-xs" variant="light" disabled={branching} onClick={() => onBranch(alternative.id)} data-testid="branch-button">
                        {t('inspector.branch')}
                      </Button>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} ff="monospace" data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}
