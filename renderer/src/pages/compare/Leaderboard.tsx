import { Button, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ErrorBar, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Leaderboard as LeaderboardData } from '../../../../electron/shared/contract/compare.ts';

interface LeaderboardProps {
  readonly board: LeaderboardData | undefined;
  readonly onReset: () => void;
}

/** Bradley-Terry ratings with 95% intervals (table and chart), Elo beside them, and the vote counts. */
export function Leaderboard({ board, onReset }: LeaderboardProps) {
  const { t } = useTranslation('compare');
  const [confirming, setConfirming] = useState(false);
  const entries = board?.entries ?? [];
  // Bars grow from the average (1000) so better and worse than average read at a glance.
  const data = entries.map((entry) => ({
    label: entry.label,
    offset: entry.rating - 1000,
    interval: [entry.rating - entry.ratingLow, entry.ratingHigh - entry.rating],
  }));
  return (
    <Card withBorder padding="sm" data-testid="leaderboard">
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={5}>{t('blind.leaderboard')}</Title>
            <Text size="xs" c="dimmed" data-testid="leaderboard-votes">
              {t('blind.votes', { count: board?.votes ?? 0 })}
            </Text>
          </Group>
          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setConfirming(true)} disabled={(board?.votes ?? 0) === 0}>
            {t('blind.reset')}
          </Button>
        </Group>
        {entries.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('blind.noVotes')}
          </Text>
        ) : (
          <>
            <Table verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('blind.rank')}</Table.Th>
                  <Table.Th>{t('blind.contender')}</Table.Th>
                  <Table.Th>{t('blind.rating')}</Table.Th>
                  <Table.Th>{t('blind.elo')}</Table.Th>
                  <Table.Th>{t('blind.record')}</Table.Th>
                  <Table.Th>{t('blind.games')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((entry, rank) => (
                  <Table.Tr key={entry.key} data-testid="leaderboard-row">
                    <Table.Td>{rank + 1}</Table.Td>
                    <Table.Td data-testid="leaderboard-label">{entry.label}</Table.Td>
                    <Table.Td ff="monospace">
                      {Math.round(entry.rating)} ({Math.round(entry.ratingLow)}–{Math.round(entry.ratingHigh)})
                    </Table.Td>
                    <Table.Td ff="monospace">{Math.round(entry.elo)}</Table.Td>
                    <Table.Td ff="monospace">
                      {entry.wins} / {entry.losses} / {entry.ties} / {entry.bothBad}
                    </Table.Td>
                    <Table.Td>{entry.games}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <div style={{ width: '100%', height: 48 + 40 * entries.length }}>
              <ResponsiveContainer width="100%" height="100%">
                <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" tickFormatter={(value: number) => String(Math.round(value + 1000))} tick={{ fontSize: 11 }} />
                  <YAxis type="category" dataKey="label" width={200} tick={{ fontSize: 11 }} />
                  <ReferenceLine x={0} stroke="#868e96" />
                  <Tooltip formatter={(value) => (typeof value === 'number' ? String(Math.round(value + 1000)) : String(value))} />
                  <Bar dataKey="offset" name={t('blind.rating')} fill="#4c6ef5" isAnimationActive={false}>
                    <ErrorBar dataKey="interval" width={6} strokeWidth={1.5} stroke="#343a40" direction="x" isAnimationActive={false} />
                  </Bar>
                </BarChart>
              </ResponsiveContainer>
            </div>
            <Text size="xs" c="dimmed">
              {t('blind.ratingHelp')}
            </Text>
          </>
        )}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('blind.reset')} size="sm">
        <Stack>
          <Text size="sm">{t('blind.resetConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              ✕
            </Button>
            <Button color="red" onClick={() => (onReset(), setConfirming(false))} data-testid="leaderboard-reset-confirm">
              {t('blind.reset')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}
