import { Card, Group, SegmentedControl, Stack, Table, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { halfWidth, percent, type EvalMetric, type ResultsMatrix } from './resultsMatrix.ts';

interface EvalMatrixProps {
  matrix: ResultsMatrix;
  metric: EvalMetric;
  onMetric(metric: EvalMetric): void;
  onOpen(runId: string): void;
}

/** Model × task: the latest finished run's score with its 95 % interval; a cell opens that run's items. */
export function EvalMatrix({ matrix, metric, onMetric, onOpen }: EvalMatrixProps) {
  const { t } = useTranslation('evals');
  return (
    <Card withBorder data-testid="eval-matrix">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={4}>{t('matrix.title')}</Title>
          <SegmentedControl
            size="xs"
            value={metric}
            onChange={(value) => onMetric(value === 'accNorm' ? 'accNorm' : 'accuracy')}
            data={[
              { value: 'accuracy', label: t('matrix.accuracy') },
              { value: 'accNorm', label: t('matrix.accNorm') },
            ]}
            data-testid="eval-metric"
          />
        </Group>
        <Text size="xs" c="dimmed">
          {t('matrix.help')}
        </Text>
        {matrix.models.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('matrix.empty')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={400}>
            <Table withTableBorder withColumnBorders>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('matrix.model')}</Table.Th>
                  {matrix.tasks.map((task, column) => (
                    <Table.Th key={task}>
                      {task}
                      <Text size="xs" c="dimmed" fw={400}>
                        {t('matrix.chance', { value: percent(matrix.chance[column] ?? 0) })}
                      </Text>
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {matrix.models.map((model, row) => (
                  <Table.Tr key={model}>
                    <Table.Td>{model}</Table.Td>
                    {matrix.tasks.map((task, column) => {
                      const cell = matrix.cells[row]?.[column] ?? null;
                      if (!cell) return <Table.Td key={task}>—</Table.Td>;
                      const [low, high] = cell.interval;
                      const label = t('matrix.cellLabel', { model, task, value: percent(cell.value), low: percent(low), high: percent(high) });
                      return (
                        <Table.Td key={task}>
                          <Tooltip label={label} multiline w={260}>
                            <UnstyledButton onClick={() => onOpen(cell.run.id)} aria-label={label} data-testid={`eval-cell-${row}-${column}`}>
                              <Text size="sm" fw={500} span>
                                {t('matrix.cell', { value: percent(cell.value), half: halfWidth(cell.interval) })}
                              </Text>
                              <Text size="xs" c="dimmed">
                                {t('matrix.items', { correct: cell.run.summary?.correct ?? 0, count: cell.run.summary?.items ?? 0 })}
                                {cell.run.state === 'cancelled' ? ` · ${t('states.cancelled')}` : ''}
                              </Text>
                            </UnstyledButton>
                          </Tooltip>
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
