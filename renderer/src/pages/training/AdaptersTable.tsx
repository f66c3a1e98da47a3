import { Alert, Badge, Card, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../app/formatBytes.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { formatLoss } from './trainingFormat.ts';

const fileName = (path: string): string => path.split(/[\\/]/).at(-1) ?? path;

/** The library's trained adapters with what made them: base model, LoRA shape, final loss, data hash. */
export function AdaptersTable() {
  const { t } = useTranslation('training');
  const adapters = useApiQuery('training.adapters', {}, { retry: false });
  const list = adapters.data ?? [];
  return (
    <Card withBorder padding="sm" data-testid="training-adapters">
      <Stack gap="xs">
        <Text fw={500}>{t('adapters.title')}</Text>
        {adapters.error && <Alert color="red">{t('adapters.failed', { message: adapters.error.message })}</Alert>}
        {adapters.data && list.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('adapters.none')}
          </Text>
        )}
        {list.length > 0 && (
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('adapters.name')}</Table.Th>
                <Table.Th>{t('adapters.base')}</Table.Th>
                <Table.Th>{t('adapters.lora')}</Table.Th>
                <Table.Th>{t('adapters.targets')}</Table.Th>
                <Table.Th>{t('adapters.finalLoss')}</Table.Th>
                <Table.Th>{t('adapters.dataHash')}</Table.Th>
                <Table.Th>{t('adapters.size')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((adapter) => (
                <Table.Tr key={adapter.id} data-testid="training-adapter-row" data-path={adapter.path}>
                  <Table.Td>
                    <Text size="sm" title={adapter.path}>
                      {adapter.name}
                    </Text>
                    {!adapter.exists && (
                      <Badge size="xs" color="red">
                        {t('adapters.missing')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td title={adapter.baseModelPath}>{fileName(adapter.baseModelPath)}</Table.Td>
                  <Table.Td>{`${adapter.rank} / ${adapter.alpha}`}</Table.Td>
                  <Table.Td>{adapter.targets.join(', ')}</Table.Td>
                  <Table.Td>{`${formatLoss(adapter.finalLoss)} (${formatLoss(adapter.finalValLoss)})`}</Table.Td>
                  <Table.Td ff="monospace" title={adapter.dataSha256 ?? undefined}>
                    {adapter.dataSha256?.slice(0, 12) ?? '—'}
                  </Table.Td>
                  <Table.Td>{formatBytes(adapter.sizeBytes)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}
