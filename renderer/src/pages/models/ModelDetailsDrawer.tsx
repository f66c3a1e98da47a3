import { Code, Drawer, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';
import { useApiQuery } from '../../api/hooks.ts';

/** Everything the GGUF header says about a model, including its chat template. */
export function ModelDetailsDrawer({ model, onClose }: { model: ModelEntry | null; onClose(): void }) {
  const { t } = useTranslation('models');
  const details = useApiQuery('models.inspect', { model: model?.id ?? '' }, { enabled: model !== null });
  const data = details.data;
  return (
    <Drawer opened={model !== null} onClose={onClose} title={model?.name ?? t('details.title')} position="right" size="xl">
      {details.error && <Text c="red">{details.error.message}</Text>}
      {data && (
        <Stack gap="sm">
          <Text size="sm">
            {t('details.path')}: <Code>{data.model.path}</Code>
          </Text>
          <Text size="sm">
            {t('details.sha256')}: <Code>{data.model.sha256 ?? t('details.notHashed')}</Code>
          </Text>
          <Text size="sm">
            {t('details.version')} {data.ggufVersion} · {t('details.tensors')} {data.tensorCount} · {t('details.vocabulary')} {data.vocabularySize ?? '—'} ·{' '}
            {t('details.tokenizer')} {data.tokenizerModel ?? '—'}
          </Text>
          <Text fw={600}>{t('details.template')}</Text>
          {data.chatTemplate ? (
            <ScrollArea.Autosize mah={200}>
              <Code block>{data.chatTemplate}</Code>
            </ScrollArea.Autosize>
          ) : (
            <Text c="dimmed">{t('details.noTemplate')}</Text>
          )}
          <Text fw={600}>{t('details.metadata')}</Text>
          <Table striped withTableBorder fz="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('details.key')}</Table.Th>
                <Table.Th>{t('details.type')}</Table.Th>
                <Table.Th>{t('details.value')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.metadata.map((item) => (
                <Table.Tr key={item.key}>
                  <Table.Td>{item.key}</Table.Td>
                  <Table.Td>{item.type}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{item.value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Drawer>
  );
}
