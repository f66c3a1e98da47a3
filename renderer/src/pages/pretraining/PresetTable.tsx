import { Card, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.ts';

const formatSeconds = (seconds: number) => (seconds < 90 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 60)} min`);

/** The presets with their size and the time/memory estimate for this machine. */
export function PresetTable() {
  const { t } = useTranslation('pretraining');
  const presets = useApiQuery('pretraining.presets', {});
  return (
    <Card withBorder padding="sm">
      <Text fw={500} mb="xs">
        {t('presets.title')}
      </Text>
      <Table data-testid="pretraining-presets" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('presets.name')}</Table.Th>
            <Table.Th>{t('presets.parameters')}</Table.Th>
            <Table.Th>{t('presets.shape')}</Table.Th>
            <Table.Th>{t('presets.time')}</Table.Th>
            <Table.Th>{t('presets.memory')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(presets.data ?? []).map((preset) => (
            <Table.Tr key={preset.name}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {preset.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {t(`presets.description.${preset.name}`, { defaultValue: preset.description })}
                </Text>
              </Table.Td>
              <Table.Td>{(preset.parameters / 1e6).toFixed(2)}M</Table.Td>
              <Table.Td>
                {preset.layers}×{preset.embd}, ffn {preset.ffn}, ctx {preset.ctx}
              </Table.Td>
              <Table.Td>{formatSeconds(preset.estimatedSeconds)}</Table.Td>
              <Table.Td>{Math.ceil(preset.estimatedMemoryBytes / 2 ** 20)} MiB</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
