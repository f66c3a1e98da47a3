import { Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompareRunRecord, CompareRunSummary } from '../../../../electron/shared/contract/compare.ts';
import { api } from '../../api/client.ts';
import { useApiEvent, useApiQuery } from '../../api/hooks.ts';
import { showRecord } from './compareJobState.ts';
import { ExportMenu } from './ExportMenu.tsx';
import { ResultsTable } from './ResultsTable.tsx';

interface HistoryPanelProps {
  readonly onRerun: (run: CompareRunSummary) => void;
  readonly onUseContenders: (record: CompareRunRecord) => void;
}

const stateColors = { running: 'blue', done: 'teal', failed: 'red', cancelled: 'gray' } as const;

/** Every saved comparison: open it, export it, run it again, or take its contenders. */
export function HistoryPanel({ onRerun, onUseContenders }: HistoryPanelProps) {
  const { t, i18n } = useTranslation('compare');
  const history = useApiQuery('compare.history', { limit: 200 });
  const [open, setOpen] = useState<CompareRunRecord | null>(null);
  useApiEvent('job.finished', (event) => {
    if (event.kind === 'compare') void history.refetch();
  });
  const openRun = async (id: string) => setOpen(await api.call('compare.historyGet', { id }));
  const remove = async (id: string) => {
    await api.call('compare.historyDelete', { id });
    await history.refetch();
  };
  const runs = history.data?.runs ?? [];
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button size="xs" variant="default" onClick={() => void history.refetch()}>
          {t('history.refresh')}
        </Button>
      </Group>
      {runs.length === 0 ? (
        <Text c="dimmed">{t('history.empty')}</Text>
      ) : (
        <Table striped highlightOnHover data-testid="history-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('history.title')}</Table.Th>
              <Table.Th>{t('history.when')}</Table.Th>
              <Table.Th>{t('history.prompts')}</Table.Th>
              <Table.Th>{t('history.contenders')}</Table.Th>
              <Table.Th>{t('history.state')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((run) => (
              <Table.Tr key={run.id} data-testid="history-row">
                <Table.Td maw={320}>
                  <Text size="sm" truncate>
                    {run.title}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{new Date(run.createdAt).toLocaleString(i18n.language)}</Text>
                </Table.Td>
                <Table.Td>{run.promptCount}</Table.Td>
                <Table.Td maw={320}>
                  <Text size="xs" truncate>
                    {run.contenderLabels.join(' · ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={stateColors[run.state]}>
                    {t(`history.states.${run.state}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button size="compact-xs" variant="light" onClick={() => void openRun(run.id)}>
                      {t('history.open')}
                    </Button>
                    <Button size="compact-xs" variant="light" onClick={() => onRerun(run)} disabled={run.state === 'running'}>
                      {t('history.rerun')}
                    </Button>
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => void remove(run.id)} disabled={run.state === 'running'}>
                      {t('history.delete')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={open !== null} onClose={() => setOpen(null)} size="90%" title={open?.title}>
        {open && (
          <Stack gap="sm">
            <Group justify="space-between">
              <Text size="xs" c="dimmed">
                seed {open.settings.seed} · max {open.settings.maxTokens} · {open.plan?.reason ?? ''}
              </Text>
              <Group gap="xs">
                <Button size="xs" variant="default" onClick={() => (onUseContenders(open), setOpen(null))}>
                  {t('history.useContenders')}
                </Button>
                <ExportMenu runId={open.id} />
              </Group>
            </Group>
            <ResultsTable state={showRecord(open)} prompts={open.prompts} />
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
