import { Anchor, Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { EvalRun } from '../../../../electron/shared/contract/evals.ts';
import { percent, rowLabel } from './resultsMatrix.ts';

const STATE_COLORS = { running: 'blue', done: 'green', failed: 'red', cancelled: 'gray' } as const;

/** Every run, newest first, including the running, failed and cancelled ones the matrix leaves out. */
export function EvalRunsTable({ runs, onOpen }: { runs: readonly EvalRun[]; onOpen(runId: string): void }) {
  const { t } = useTranslation('evals');
  if (runs.length === 0) return null;
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={4}>{t('runs.title')}</Title>
        <Table.ScrollContainer minWidth={500}>
          <Table data-testid="eval-runs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('runs.when')}</Table.Th>
                <Table.Th>{t('matrix.model')}</Table.Th>
                <Table.Th>{t('chart.task')}</Table.Th>
                <Table.Th>{t('runs.state')}</Table.Th>
                <Table.Th>{t('matrix.accuracy')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.map((run) => (
                <Table.Tr key={run.id}>
                  <Table.Td>
                    <Text size="xs">{new Date(run.createdAt).toLocaleString()}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor size="sm" component="button" onClick={() => onOpen(run.id)}>
                      {rowLabel(run)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{run.taskName}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="light" color={STATE_COLORS[run.state]} title={run.error?.message}>
                      {t(`states.${run.state}`)}
                    </Badge>
                    <Text size="xs" c="dimmed" span>
                      {` ${run.done} / ${run.itemCount}`}
                    </Text>
                  </Table.Td>
                  <Table.Td>{run.summary ? percent(run.summary.accuracy) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Stack>
    </Card>
  );
}
