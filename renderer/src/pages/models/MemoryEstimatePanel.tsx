import { Badge, Button, Card, Group, NumberInput, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { formatBytes } from '../../app/formatBytes.ts';
import { useRefreshModels } from './modelQueries.ts';

/** What a model would cost before it is loaded, for a chosen context size and GPU layer count. */
export function MemoryEstimatePanel({ modelId, onModelChange }: { modelId: string | null; onModelChange(id: string | null): void }) {
  const { t } = useTranslation('models');
  const refresh = useRefreshModels();
  const models = useApiQuery('models.list', {});
  const [contextSize, setContextSize] = useState<number>(4096);
  const [gpuLayers, setGpuLayers] = useState<string>('auto');
  const estimate = useApiMutation('models.estimateMemory');
  const load = useApiMutation('models.load');
  const layers = gpuLayers === 'auto' || gpuLayers === 'max' ? gpuLayers : Number(gpuLayers);
  const result = estimate.data;

  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('memory.title')}
      </Title>
      <Stack gap="sm">
        <Group align="flex-end">
          <Select
            label={t('memory.model')}
            value={modelId}
            onChange={onModelChange}
            data={(models.data ?? []).map((model) => ({ value: model.id, label: model.name }))}
            w={260}
            searchable
          />
          <NumberInput label={t('memory.contextSize')} value={contextSize} min={64} step={1024} onChange={(value) => setContextSize(Number(value) || 4096)} w={170} />
          <Select
            label={t('memory.gpuLayers')}
            value={gpuLayers}
            onChange={(value) => setGpuLayers(value ?? 'auto')}
            data={[
              { value: 'auto', label: t('memory.gpuAuto') },
              { value: 'max', label: t('memory.gpuMax') },
              ...[0, 8, 16, 24, 32].map((count) => ({ value: String(count), label: String(count) })),
            ]}
            w={120}
          />
          <Button
            disabled={!modelId}
            loading={estimate.isPending}
            onClick={() => modelId && estimate.mutate({ model: modelId, contextSize, gpuLayers: layers })}
            data-testid="estimate-button"
          >
            {t('memory.estimate')}
          </Button>
          <Button variant="light" disabled={!modelId} loading={load.isPending} onClick={() => modelId && load.mutate({ model: modelId, gpuLayers: layers }, { onSuccess: refresh })}>
            {t('actions.load')}
          </Button>
        </Group>
        {estimate.error && <Text c="red">{estimate.error.message}</Text>}
        {result && (
          <Stack gap="xs" data-testid="memory-estimate">
            <Group>
              <Badge color={result.fits ? 'teal' : 'red'} size="lg">
                {result.fits ? t('memory.fits') : t('memory.doesNotFit')}
              </Badge>
              <Text size="sm">{result.verdict}</Text>
            </Group>
            <Table withTableBorder w={520}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th />
                  <Table.Th>{t('memory.ram')}</Table.Th>
                  <Table.Th>{t('memory.vram')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                <Table.Tr>
                  <Table.Td>{t('memory.weights')}</Table.Td>
                  <Table.Td>{formatBytes(result.modelRamBytes)}</Table.Td>
                  <Table.Td>{formatBytes(result.modelVramBytes)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{t('memory.context')}</Table.Td>
                  <Table.Td>{formatBytes(result.contextRamBytes)}</Table.Td>
                  <Table.Td>{formatBytes(result.contextVramBytes)}</Table.Td>
                </Table.Tr>
                <Table.Tr fw={600}>
                  <Table.Td>{t('memory.total')}</Table.Td>
                  <Table.Td>{formatBytes(result.totalRamBytes)}</Table.Td>
                  <Table.Td>{formatBytes(result.totalVramBytes)}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Td>{t('memory.free')}</Table.Td>
                  <Table.Td>{formatBytes(result.freeRamBytes)}</Table.Td>
                  <Table.Td>{formatBytes(result.freeVramBytes)}</Table.Td>
                </Table.Tr>
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              {t('memory.layers', { gpu: result.gpuLayers, total: result.totalLayers })}
            </Text>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
