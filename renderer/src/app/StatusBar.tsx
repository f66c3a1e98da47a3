import { Badge, Group, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useApiEvent, useApiQuery } from '../api/hooks.ts';
import { formatBytes } from './formatBytes.ts';
import { EngineBadge } from '../pages/settings/connection/EngineBadge.tsx';

const hostColor = { ready: 'green', starting: 'yellow', restarting: 'yellow', crashed: 'red', stopped: 'gray' } as const;

/** Backend node-llama-cpp detected, free memory/VRAM, and the health of the worker processes. */
export function StatusBar() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const info = useApiQuery('system.info', {}, { refetchInterval: 5000 });
  const compute = useApiQuery('system.compute', {}, { staleTime: 60_000, retry: 1 });
  const hosts = useApiQuery('system.hosts', {}, { refetchInterval: 5000 });
  useApiEvent('host.status', () => void queryClient.invalidateQueries({ queryKey: ['system.hosts'] }));

  return (
    <Group gap="lg" px="md" h="100%" data-testid="status-bar" wrap="nowrap">
      <EngineBadge />
      <Text size="xs">
        {t('status.backend')}:{' '}
        <b data-testid="status-backend">
          {compute.data ? compute.data.backend.toUpperCase() : compute.isError ? t('status.unreachable') : t('status.detecting')}
        </b>
        {compute.data?.gpuName ? ` (${compute.data.gpuName})` : ''}
        {compute.data && (
          <span data-testid="status-binary" title={compute.data.binary === 'prebuilt' ? t('status.prebuiltHint') : undefined}>
            {' · '}
            {t(`status.binary.${compute.data.binary}`)}
          </span>
        )}
      </Text>
      <Text size="xs">
        {t('status.freeMemory')}: <b>{formatBytes(info.data?.freeMemoryBytes)}</b> / {formatBytes(info.data?.totalMemoryBytes)}
      </Text>
      {compute.data?.vramFreeBytes != null && (
        <Text size="xs">
          {t('status.vram')}: <b>{formatBytes(compute.data.vramFreeBytes)}</b>
        </Text>
      )}
      <Group gap={4} ml="auto">
        <Text size="xs">{t('status.hosts')}:</Text>
        {(hosts.data ?? []).map((host) => (
          <Badge key={host.name} size="xs" variant="light" color={hostColor[host.state]} title={host.lastError ?? undefined}>
            {t(`status.hostName.${host.name}`)}: {t(`status.hostState.${host.state}`)}
          </Badge>
        ))}
      </Group>
    </Group>
  );
}
