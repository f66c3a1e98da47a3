import { Card, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ScoredToken } from '../../../../electron/shared/contract/generate.ts';
import type { ShiftResult } from '../../../../electron/shared/contract/compare.ts';
import { formatNats, likelihoodRatio } from './shiftColor.ts';

/** The token of each column that makes up a piece, when the piece is exactly one token there. */
function singleTokens(result: ShiftResult, piece: number): (ScoredToken | null)[] {
  return result.columns.map((column, index) => {
    let start = 0;
    for (let segment = 0; segment < piece; segment++) start += result.segments[segment]!.tokenCounts[index] ?? 0;
    return result.segments[piece]!.tokenCounts[index] === 1 ? (column.tokens[start] ?? null) : null;
  });
}

/** Numbers behind the hovered piece: each contender's log P, its Δ against the baseline, and what it expected instead. */
export function ShiftPieceDetails({ result, piece }: { result: ShiftResult; piece: number | null }) {
  const { t } = useTranslation('compare');
  if (piece === null || !result.segments[piece]) return null;
  const segment = result.segments[piece]!;
  const tokens = singleTokens(result, piece);
  const base = segment.logprobs[result.baseline] ?? null;
  return (
    <Card withBorder padding="xs" data-testid="shift-details">
      <Stack gap={4}>
        <Text size="sm">
          <Text span ff="monospace" fw={600}>
            {JSON.stringify(segment.text)}
          </Text>
        </Text>
        <Table withRowBorders={false} verticalSpacing={2} fz="xs">
          <Table.Tbody>
            {result.columns.map((column, index) => {
              const own = segment.logprobs[index] ?? null;
              const delta = own !== null && base !== null && index !== result.baseline ? own - base : null;
              return (
                <Table.Tr key={index}>
                  <Table.Td>
                    {index + 1}. {column.label}
                  </Table.Td>
                  <Table.Td ff="monospace">log P {own === null ? '—' : own.toFixed(3)}</Table.Td>
                  <Table.Td ff="monospace">{delta === null ? '' : t('shift.tooltipDelta', { value: formatNats(delta), ratio: likelihoodRatio(delta) })}</Table.Td>
                  <Table.Td>
                    {tokens[index] && tokens[index]!.top.length > 0 && (
                      <Group gap={6}>
                        <Text size="xs" c="dimmed">
                          {t('shift.top')}:
                        </Text>
                        {tokens[index]!.top.map((alternative) => (
                          <Text key={alternative.id} size="xs" ff="monospace">
                            {JSON.stringify(alternative.text)} {Math.exp(alternative.logprob).toFixed(2)}
                          </Text>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
