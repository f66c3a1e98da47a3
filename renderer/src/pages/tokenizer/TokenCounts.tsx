import { Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TokenStats } from '../../../../electron/shared/contract/tokenizer.ts';

const formatRatio = (value: number | null): string => (value === null ? '—' : value.toFixed(3));

/** Totals, and tokens per character for each script: the lecture's "Chinese costs more tokens" made measurable. */
export function TokenCounts({ stats }: { readonly stats: TokenStats }) {
  const { t } = useTranslation('tokenizer');
  const scripts = stats.byScript.filter((row) => row.chars > 0 && (row.script === 'chinese' || row.script === 'english' || row.script === 'digits'));
  return (
    <>
      <Group gap="lg">
        <Text size="sm">
          {t('counts.tokens')}: <b data-testid="token-count">{stats.tokens}</b>
        </Text>
        <Text size="sm">
          {t('counts.chars')}: <b>{stats.chars}</b>
        </Text>
        <Text size="sm">
          {t('counts.bytes')}: <b>{stats.bytes}</b>
        </Text>
        <Text size="sm">
          {t('counts.tokensPerChar')}: <b>{formatRatio(stats.tokensPerChar)}</b>
        </Text>
      </Group>
      {scripts.length > 0 && (
        <Table withTableBorder={false} verticalSpacing={2} fz="sm" aria-label={t('counts.perScript')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('counts.script')}</Table.Th>
              <Table.Th>{t('counts.chars')}</Table.Th>
              <Table.Th>{t('counts.tokens')}</Table.Th>
              <Table.Th>{t('counts.tokensPerChar')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {scripts.map((row) => (
              <Table.Tr key={row.script} data-testid={`script-${row.script}`}>
                <Table.Td>{t(`counts.scripts.${row.script}`)}</Table.Td>
                <Table.Td>{row.chars}</Table.Td>
                <Table.Td>{Number(row.tokens.toFixed(2))}</Table.Td>
                <Table.Td>{formatRatio(row.tokensPerChar)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
