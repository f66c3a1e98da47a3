import { Alert, Badge, Card, Checkbox, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.ts';
import { CompareRunsChart } from './CompareRunsChart.tsx';
import { stateColor } from './RunDashboard.tsx';
import { formatLoss } from './trainingFormat.ts';

/** Every run, newest first: click (or Enter) to open one; tick several to compare their loss curves. */
export function RunHistory({ selectedRunId, onSelect }: { selectedRunId: string | null; onSelect(runId: string): void }) {
  const { t, i18n } = useTranslation('training');
  const runs = useApiQuery('training.runs', { limit: 200 }, { retry: false });
  const [compared, setCompared] = useState<string[]>([]);
  const toggle = (runId: string): void => setCompared((current) => (current.includes(runId) ? current.filter((id) => id !== runId) : [...current, runId]));
  const list = runs.data ?? [];
  const comparedRuns = list.filter((run) => compared.includes(run.id));
  return (
    <Card withBorder padding="sm" data-testid="training-history">
      <Stack gap="xs">
        <Text fw={500}>{t('history.title')}</Text>
        {runs.error && <Alert color="red">{t('history.failed', { message: runs.error.message })}</Alert>}
        {runs.data && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('history.none')}
          </Text>
        )}
        {list.length > 0 && (
          <Table highlightOnHover fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={32} />
                <Table.Th>{t('history.name')}</Table.Th>
                <Table.Th>{t('history.objective')}</Table.Th>
                <Table.Th>{t('history.state')}</Table.Th>
                <Table.Th>{t('history.step')}</Table.Th>
                <Table.Th>{t('history.loss')}</Table.Th>
                <Table.Th>{t('history.valLoss')}</Table.Th>
                <Table.Th>{t('history.created')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((run) => (
                <Table.Tr
                  key={run.id}
                  tabIndex={0}
                  style={{ cursor: 'pointer' }}
                  bg={run.id === selectedRunId ? 'var(--mantine-color-blue-light)' : undefined}
                  aria-selected={run.id === selectedRunId}
                  onClick={() => onSelect(run.id)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') onSelect(run.id);
                  }}
                  data-testid="training-history-row"
                  data-run-id={run.id}
                  data-state={run.state}
                >
                  <Table.Td onClick={(event) => event.stopPropagation()}>
                    <Checkbox size="xs" checked={compared.includes(run.id)} onChange={() => toggle(run.id)} aria-label={t('history.compare')} data-testid="training-history-compare" />
                  </Table.Td>
                  <Table.Td>{run.name}</Table.Td>
                  <Table.Td>{t(`objective.${run.objective}`)}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={stateColor[run.state]}>
                      {t(`state.${run.state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{`${run.step} / ${run.totalSteps}`}</Table.Td>
                  <Table.Td>{formatLoss(run.lastLoss)}</Table.Td>
                  <Table.Td>{formatLoss(run.lastValLoss)}</Table.Td>
                  <Table.Td>{new Date(run.createdAt).toLocaleString(i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {list.length > 1 && comparedRuns.length < 2 && (
          <Text size="xs" c="dimmed">
            {t('history.compareHint')}
          </Text>
        )}
        {comparedRuns.length >= 2 && <CompareRunsChart runs={comparedRuns.map((run) => ({ id: run.id, name: run.name }))} />}
      </Stack>
    </Card>
  );
}
