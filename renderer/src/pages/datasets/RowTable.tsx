import { Badge, Button, Group, Pagination, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetSummary } from '../../../../electron/shared/contract/datasets.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { rowSummary } from './rowSummary.ts';

const pageSize = 50;

interface RowTableProps {
  readonly dataset: DatasetSummary;
  readonly selectedRowId: number | null;
  readonly onOpenRow: (rowId: number) => void;
  readonly onAdd: () => void;
}

export function RowTable({ dataset, selectedRowId, onOpenRow, onAdd }: RowTableProps) {
  const { t } = useTranslation('datasets');
  const [status, setStatus] = useState<'all' | 'ok' | 'rejected'>('all');
  const [page, setPage] = useState(1);
  const rows = useApiQuery('datasets.rows', { datasetId: dataset.id, status, offset: (page - 1) * pageSize, limit: pageSize });
  const total = rows.data?.total ?? 0;
  return (
    <Stack gap="sm" data-testid="row-table">
      <Group justify="space-between">
        <SegmentedControl
          size="xs"
          value={status}
          onChange={(value) => {
            setStatus(value as typeof status);
            setPage(1);
          }}
          data={[
            { value: 'all', label: t('rows.all') },
            { value: 'ok', label: t('rows.ok') },
            { value: 'rejected', label: t('rows.rejected') },
          ]}
        />
        <Button size="xs" variant="light" onClick={onAdd} data-testid="row-add">
          {t('rows.add')}
        </Button>
      </Group>
      {total === 0 ? (
        <Text c="dimmed">{t('rows.empty')}</Text>
      ) : (
        <Table highlightOnHover striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>{t('rows.row')}</Table.Th>
              <Table.Th w={60}>{t('rows.line')}</Table.Th>
              <Table.Th>{t('rows.content')}</Table.Th>
              <Table.Th w={110}>{t('rows.split')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(rows.data?.rows ?? []).map((row) => (
              <Table.Tr
                key={row.id}
                onClick={() => onOpenRow(row.id)}
                style={{ cursor: 'pointer' }}
                bg={row.id === selectedRowId ? 'var(--mantine-color-blue-light)' : undefined}
                data-testid="row-item"
                data-status={row.status}
                data-line={row.line ?? ''}
                data-row={row.position}
              >
                <Table.Td>
                  <Text size="xs">{row.position}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {row.line ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {row.status === 'rejected' && (
                      <Badge size="xs" color="orange" variant="light">
                        {t('rows.rejected')}
                      </Badge>
                    )}
                    <Text size="sm" lineClamp={2}>
                      {rowSummary(row.row, row.raw)}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{row.status === 'ok' ? t(`rows.${row.split}`) : ''}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {total > pageSize && <Pagination size="sm" total={Math.ceil(total / pageSize)} value={page} onChange={setPage} />}
    </Stack>
  );
}
