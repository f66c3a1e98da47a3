import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { VariantRow } from '../../../../electron/shared/contract/compress.ts';
import { relativeToSource, type VariantEvalScore } from './variantRows.ts';

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const perSecond = (value: number | null): string => (value === null ? '—' : value.toFixed(0));

/**
 * One row per variant; size and perplexity also relative to the source (the first row); each variant's newest eval
 * accuracy per task (from the Evals page's runs of that file).
 */
export function VariantTable({ rows, evals }: { rows: VariantRow[]; evals: readonly VariantEvalScore[][] }) {
  const { t } = useTranslation('variants');
  const relative = relativeToSource(rows);
  return (
    <Table striped withTableBorder data-testid="variants-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('table.variant')}</Table.Th>
          <Table.Th>{t('table.weights')}</Table.Th>
          <Table.Th>{t('table.size')}</Table.Th>
          <Table.Th>{t('table.memory')}</Table.Th>
          <Table.Th>{t('table.prefill')}</Table.Th>
          <Table.Th>{t('table.decode')}</Table.Th>
          <Table.Th>{t('table.perplexity')}</Table.Th>
          <Table.Th>{t('table.evalAccuracy')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, index) => (
          <Table.Tr key={row.modelId} data-testid="variants-row">
            <Table.Td>
              <Text size="sm">{row.name}</Text>
              <Text size="xs" c="dimmed">
                {row.operation === null ? t('table.source') : row.operation === 'merge' ? t('table.merged') : t('table.quantized')}
              </Text>
            </Table.Td>
            <Table.Td>{row.type ?? row.quantization ?? '—'}</Table.Td>
            <Table.Td>
              {mib(row.sizeBytes)}
              {index > 0 && <Text size="xs" c="dimmed">{`${(100 * relative[index]!.sizeShare).toFixed(1)} %`}</Text>}
            </Table.Td>
            <Table.Td>{mib(row.memoryBytes)}</Table.Td>
            <Table.Td>{perSecond(row.prefillTokensPerSecond)}</Table.Td>
            <Table.Td>{perSecond(row.decodeTokensPerSecond)}</Table.Td>
            <Table.Td>
              {row.perplexity === null ? '—' : row.perplexity.toFixed(3)}
              {index > 0 && relative[index]!.perplexityChange !== null && (
                <Text size="xs" c="dimmed">{`${relative[index]!.perplexityChange! >= 0 ? '+' : ''}${(100 * relative[index]!.perplexityChange!).toFixed(2)} %`}</Text>
              )}
            </Table.Td>
            <Table.Td data-testid="variants-eval">
              {(evals[index] ?? []).length === 0 ? (
                <Text size="xs" c="dimmed">
                  {t('table.noEval')}
                </Text>
              ) : (
                (evals[index] ?? []).map((score) => (
                  <Text size="xs" key={score.task}>{`${score.task}: ${(100 * score.accuracy).toFixed(1)} % [${(100 * score.interval[0]).toFixed(0)}, ${(100 * score.interval[1]).toFixed(0)}]`}</Text>
                ))
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
