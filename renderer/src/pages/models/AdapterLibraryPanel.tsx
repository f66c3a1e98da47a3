import { ActionIcon, Alert, Badge, Button, Card, Group, List, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdapterScanResult } from '../../../../electron/shared/contract/adapters.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';

/** Adapters next to their base: pick a base, add an adapter file or scan a folder, see what the API serves. */
export function AdapterLibraryPanel() {
  const { t } = useTranslation('adapters');
  const queries = useQueryClient();
  const models = useApiQuery('models.list', {});
  const [baseId, setBaseId] = useState<string | null>(null);
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [scanned, setScanned] = useState<AdapterScanResult | null>(null);
  const base = models.data?.find((model) => model.id === baseId) ?? null;
  const adapters = useApiQuery('adapters.list', { model: baseId ?? '' }, { enabled: baseId !== null });
  const add = useApiMutation('adapters.add');
  const scan = useApiMutation('adapters.scan');
  const remove = useApiMutation('adapters.remove');
  const refresh = (): void => {
    for (const method of ['adapters.list', 'training.adapters']) void queries.invalidateQueries({ queryKey: [method] });
  };
  const fail = (error: Error): void => setProblem(error.message);

  return (
    <Card withBorder data-testid="adapter-library">
      <Stack gap="sm">
        <div>
          <Title order={4}>{t('title')}</Title>
          <Text size="sm" c="dimmed">
            {t('intro')}
          </Text>
        </div>
        <Group align="flex-end">
          <Select
            label={t('base')}
            placeholder={t('basePlaceholder')}
            data={(models.data ?? []).map((model) => ({ value: model.id, label: model.name }))}
            value={baseId}
            onChange={setBaseId}
            searchable
            w={280}
            data-testid="adapter-base"
          />
          <TextInput flex={1} label={t('path')} placeholder={t('pathPlaceholder')} value={path} onChange={(event) => setPath(event.currentTarget.value)} data-testid="adapter-path" />
          <Button
            disabled={!baseId || path.trim() === ''}
            loading={add.isPending}
            onClick={() => {
              setProblem(null);
              setScanned(null);
              add.mutate({ path: path.trim(), model: baseId! }, { onSuccess: () => (setPath(''), refresh()), onError: fail });
            }}
            data-testid="adapter-add"
          >
            {t('addFile')}
          </Button>
          <Button
            variant="default"
            disabled={!baseId || path.trim() === ''}
            loading={scan.isPending}
            onClick={() => {
              setProblem(null);
              scan.mutate({ folder: path.trim(), model: baseId! }, { onSuccess: (result) => (setScanned(result), refresh()), onError: fail });
            }}
            data-testid="adapter-scan"
          >
            {t('scan')}
          </Button>
        </Group>
        {problem && (
          <Alert color="red" data-testid="adapter-problem" withCloseButton onClose={() => setProblem(null)}>
            {problem}
          </Alert>
        )}
        {scanned && (
          <div data-testid="adapter-scan-result">
            <Text size="sm">{t('scanResult', { added: scanned.added.length, known: scanned.known.length, skipped: scanned.skipped.length })}</Text>
            <List size="xs">
              {scanned.skipped.map((skip) => (
                <List.Item key={skip.file} title={skip.message}>
                  {skip.file}: {t(`skipReason.${skip.reason}`)}
                </List.Item>
              ))}
            </List>
          </div>
        )}
        {base && adapters.data?.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('empty')}
          </Text>
        )}
        {base && (adapters.data?.length ?? 0) > 0 && (
          <Table striped data-testid="adapter-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('column.name')}</Table.Th>
                <Table.Th>{t('column.file')}</Table.Th>
                <Table.Th>{t('column.rank')}</Table.Th>
                <Table.Th>{t('column.source')}</Table.Th>
                <Table.Th>{t('column.api')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {adapters.data!.map((adapter) => (
                <Table.Tr key={adapter.id} data-testid="adapter-row">
                  <Table.Td>{adapter.name}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace" title={adapter.path}>
                      {adapter.path.split(/[\\/]/).pop()}
                    </Text>
                    {!adapter.exists && (
                      <Badge color="red" size="xs">
                        {t('missing')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{adapter.rank}</Table.Td>
                  <Table.Td>{t(`source.${adapter.source}`)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {base.name}+{adapter.name}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="red" aria-label={t('remove')} onClick={() => remove.mutate({ id: adapter.id }, { onSuccess: refresh, onError: fail })}>
                      ✕
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
