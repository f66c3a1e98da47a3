import { Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRecord } from '../../../../electron/shared/contract/generate.ts';
import { api } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { saveTextFile } from './saveTextFile.ts';

interface HistoryPanelProps {
  onOpen(run: RunRecord): void;
  onRerun(jobId: string, run: RunRecord): void;
}

/** Every run, searchable; open one, re-run it exactly, or export a selection as JSON or Markdown. */
export function HistoryPanel({ onOpen, onRerun }: HistoryPanelProps) {
  const { t } = useTranslation('playground');
  const client = useQueryClient();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query, 250);
  const [selected, setSelected] = useState<string[]>([]);
  const history = useApiQuery('generate.history', { query: debounced, limit: 100 }, { refetchInterval: 4000 });
  const remove = useApiMutation('generate.historyDelete');
  const exportRuns = useApiMutation('generate.historyExport');
  const runs = history.data?.runs ?? [];
  const refresh = (): void => void client.invalidateQueries({ queryKey: ['generate.history'] });
  const download = (format: 'json' | 'markdown'): void =>
    exportRuns.mutate({ ids: selected, format }, { onSuccess: (file) => saveTextFile(file.fileName, file.mimeType, file.content) });

  return (
    <Stack gap="sm">
      <Group>
        <TextInput flex={1} placeholder={t('history.search')} value={query} onChange={(event) => setQuery(event.currentTarget.value)} data-testid="history-search" />
        <Button size="xs" variant="light" disabled={selected.length === 0} onClick={() => download('json')}>
          {t('history.exportJson')}
        </Button>
        <Button size="xs" variant="light" disabled={selected.length === 0} onClick={() => download('markdown')}>
          {t('history.exportMarkdown')}
        </Button>
      </Group>
      {runs.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('history.empty')}
        </Text>
      ) : (
        <Table fz="xs" striped data-testid="history-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              <Table.Th>{t('history.when')}</Table.Th>
              <Table.Th>{t('history.model')}</Table.Th>
              <Table.Th>{t('history.prompt')}</Table.Th>
              <Table.Th>{t('history.output')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {runs.map((run) => (
              <Table.Tr key={run.id} data-testid="history-row">
                <Table.Td>
                  <Checkbox
                    size="xs"
                    checked={selected.includes(run.id)}
                    onChange={(event) => setSelected(event.currentTarget.checked ? [...selected, run.id] : selected.filter((id) => id !== run.id))}
                    aria-label={run.id}
                  />
                </Table.Td>
                <Table.Td>{new Date(run.createdAt).toLocaleString()}</Table.Td>
                <Table.Td>
                  {run.modelName} <Text span c="dimmed" size="xs">({t(`history.kind.${run.kind}`)})</Text>
                </Table.Td>
                <Table.Td maw={260}>
                  <Text size="xs" truncate>
                    {run.promptPreview}
                  </Text>
                </Table.Td>
                <Table.Td maw={260}>
                  <Text size="xs" truncate>
                    {run.outputPreview}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    {run.kind === 'generate' && (
                      <Button size="compact-xs" variant="subtle" onClick={async () => onOpen(await api.call('generate.historyGet', { id: run.id }))}>
                        {t('history.open')}
                      </Button>
                    )}
                    {run.kind === 'generate' && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        onClick={async () => {
                          const record = await api.call('generate.historyGet', { id: run.id });
                          const { jobId } = await api.call('generate.rerun', { id: run.id });
                          onRerun(jobId, record);
                        }}
                      >
                        {t('history.rerun')}
                      </Button>
                    )}
                    <Button size="compact-xs" variant="subtle" color="red" onClick={() => remove.mutate({ id: run.id }, { onSuccess: refresh })}>
                      {t('history.delete')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
