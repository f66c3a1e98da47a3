import { Card, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BeforeAfterRow } from '../../../../electron/shared/contract/hallucination.ts';
import { formatShare } from './labels.ts';

/** Did "I don't know" training work? More refusals on unknown items, no loss on known ones. */
export function BeforeAfterTable({ rows }: { rows: readonly BeforeAfterRow[] }) {
  const { t } = useTranslation('hallucination');
  return (
    <Card withBorder>
      <Title order={4}>{t('beforeAfter.title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('beforeAfter.hint')}
      </Text>
      <Table data-testid="before-after-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('results.table.run')}</Table.Th>
            <Table.Th>{t('beforeAfter.known')}</Table.Th>
            <Table.Th>{t('beforeAfter.accuracyOnKnown')}</Table.Th>
            <Table.Th>{t('beforeAfter.overRefusal')}</Table.Th>
            <Table.Th>{t('beforeAfter.unknown')}</Table.Th>
            <Table.Th>{t('beforeAfter.refusalOnUnknown')}</Table.Th>
            <Table.Th>{t('beforeAfter.hallucinationOnUnknown')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.runId}>
              <Table.Td>{row.label}</Table.Td>
              <Table.Td>{row.knownItems}</Table.Td>
              <Table.Td>{formatShare(row.accuracyOnKnown)}</Table.Td>
              <Table.Td>{formatShare(row.overRefusalOnKnown)}</Table.Td>
              <Table.Td>{row.unknownItems}</Table.Td>
              <Table.Td>{formatShare(row.refusalOnUnknown)}</Table.Td>
              <Table.Td>{formatShare(row.hallucinationOnUnknown)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
