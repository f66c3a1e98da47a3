import { Badge, Button, Card, Checkbox, Group, Select, SimpleGrid, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { verdicts, type Comparison } from '../../../../electron/shared/contract/hallucination.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { ItemDetail } from './ItemDetail.tsx';
import { categoryLabel } from './labels.ts';
import { VerdictBadge } from './VerdictBadge.tsx';

/**
 * Every item with each run's verdict side by side; a click opens the replies, how each verdict was reached and
 * the override. Selected items can be re-run with their reference passage in context.
 */
export function ItemComparisonTable({ comparison }: { comparison: Comparison }) {
  const { t } = useTranslation('hallucination');
  const [category, setCategory] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const rerun = useApiMutation('hallucination.rerunWithContext');
  const [error, setError] = useState<string | null>(null);

  const categories = [...new Set(comparison.rows.map((row) => row.category))];
  const rows = comparison.rows.filter((row) => (category === null || row.category === category) && (verdict === null || row.cells.some((cell) => cell?.verdict === verdict)));
  const toggle = (itemId: string): void =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(itemId)) next.delete(itemId);
      else next.add(itemId);
      return next;
    });
  // One context re-run job per compared run; the results panel refreshes when they end.
  const rerunSelected = async (): Promise<void> => {
    setError(null);
    for (const run of comparison.runs) {
      try {
        await rerun.mutateAsync({ runId: run.id, itemIds: [...selected] });
      } catch (failure) {
        setError((failure as Error).message);
      }
    }
  };

  return (
    <Card withBorder p={0}>
      <Group p="sm" align="flex-end">
        <Select
          label={t('results.filterCategory')}
          clearable
          placeholder={t('results.all')}
          value={category}
          onChange={setCategory}
          data={categories.map((value) => ({ value, label: categoryLabel(t, value) }))}
          data-testid="filter-category"
        />
        <Select label={t('results.filterVerdict')} clearable placeholder={t('results.all')} value={verdict} onChange={setVerdict} data={verdicts.map((value) => ({ value, label: t(`verdicts.${value}`) }))} />
        <Button variant="light" disabled={selected.size === 0} loading={rerun.isPending} onClick={() => void rerunSelected()} title={t('results.rerunHint')} data-testid="rerun-context">
          {t('results.rerunContext')}
        </Button>
        <Text size="sm" c="dimmed">
          {t('results.selected', { count: selected.size })}
        </Text>
        {error && (
          <Text size="sm" c="red">
            {error}
          </Text>
        )}
      </Group>
      <Table highlightOnHover data-testid="item-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th>{t('results.item')}</Table.Th>
            {comparison.runs.map((run) => (
              <Table.Th key={run.id}>{run.label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Fragment key={row.itemId}>
              <Table.Tr style={{ cursor: 'pointer' }} onClick={() => setOpen(open === row.itemId ? null : row.itemId)} data-testid="item-row" data-item-id={row.itemId}>
                <Table.Td onClick={(event) => event.stopPropagation()}>
                  <Checkbox checked={selected.has(row.itemId)} onChange={() => toggle(row.itemId)} aria-label={row.itemId} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {row.prompt}
                  </Text>
                  <Group gap={4}>
                    <Text size="xs" c="dimmed">
                      {categoryLabel(t, row.category)} · {row.lang}
                    </Text>
                    {row.known !== null && (
                      <Badge size="xs" variant="outline" color={row.known ? 'green' : 'gray'}>
                        {t(row.known ? 'item.known' : 'item.unknown')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                {row.cells.map((cell, index) => (
                  <Table.Td key={comparison.runs[index]!.id}>{cell ? <VerdictBadge verdict={cell.verdict} overridden={cell.overridden} /> : <Text c="dimmed">–</Text>}</Table.Td>
                ))}
              </Table.Tr>
              {open === row.itemId && (
                <Table.Tr>
                  <Table.Td colSpan={2 + comparison.runs.length}>
                    <Text size="sm" fw={600} mb="xs">
                      {t('item.prompt')}: {row.prompt}
                    </Text>
                    <SimpleGrid cols={Math.min(comparison.runs.length, 3)}>
                      {comparison.runs.map((run, index) => (
                        <ItemDetail key={run.id} runId={run.id} runIndex={index} runLabel={run.label} itemId={row.itemId} />
                      ))}
                    </SimpleGrid>
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
