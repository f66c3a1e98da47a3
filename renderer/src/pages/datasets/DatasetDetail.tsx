import { Badge, Card, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.ts';
import { PreviewPanel } from './PreviewPanel.tsx';
import { ProblemList } from './ProblemList.tsx';
import { RowEditor, type EditorTarget } from './RowEditor.tsx';
import { RowTable } from './RowTable.tsx';
import { SplitExportPanel } from './SplitExportPanel.tsx';
import { StatsPanel } from './StatsPanel.tsx';

export type DetailTab = 'problems' | 'rows' | 'preview' | 'stats' | 'split';

interface DatasetDetailProps {
  readonly datasetId: string;
  readonly tab: DetailTab;
  readonly onTab: (tab: DetailTab) => void;
}

/** One dataset: its problems, rows (to fix, add, delete), the preview, stats, split and export. */
export function DatasetDetail({ datasetId, tab, onTab }: DatasetDetailProps) {
  const { t } = useTranslation('datasets');
  const dataset = useApiQuery('datasets.get', { datasetId });
  const [rowId, setRowId] = useState<number | null>(null);
  const [editing, setEditing] = useState<EditorTarget | null>(null);
  const summary = dataset.data;
  if (!summary) return null;

  const openRow = (id: number): void => {
    setRowId(id);
    setEditing({ kind: 'edit', rowId: id });
  };

  return (
    <Card withBorder data-testid="dataset-detail" data-dataset-id={summary.id}>
      <Stack gap="sm">
        <div>
          <Title order={3} data-testid="dataset-detail-name">
            {summary.name}
          </Title>
          <Group gap={6} mt={4}>
            <Badge variant="light">{t(`kinds.${summary.kind}`)}</Badge>
            <Badge variant="outline">{t(`formats.${summary.format}`)}</Badge>
            <Badge variant="outline" color="gray">
              .{summary.fileType}
            </Badge>
            <Text size="sm" data-testid="dataset-counts">
              {t('list.rows', { count: summary.rows })}
              {summary.rejectedRows > 0 ? ` · ${t('list.rejected', { count: summary.rejectedRows })}` : ''}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" mt={2} truncate>
            {summary.sourcePath ? `${summary.sourcePath} · ` : ''}sha256 {summary.sourceSha256.slice(0, 12)}…
          </Text>
        </div>
        <Tabs value={tab} onChange={(value) => onTab((value ?? 'problems') as DetailTab)} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="problems" data-testid="dataset-tab-problems">
              {t('tabs.problems')}
            </Tabs.Tab>
            <Tabs.Tab value="rows" data-testid="dataset-tab-rows">
              {t('tabs.rows')}
            </Tabs.Tab>
            <Tabs.Tab value="preview" data-testid="dataset-tab-preview">
              {t('tabs.preview')}
            </Tabs.Tab>
            <Tabs.Tab value="stats" data-testid="dataset-tab-stats">
              {t('tabs.stats')}
            </Tabs.Tab>
            <Tabs.Tab value="split" data-testid="dataset-tab-split">
              {t('tabs.splitExport')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="problems" pt="sm">
            <ProblemList dataset={summary} onOpenRow={openRow} />
          </Tabs.Panel>
          <Tabs.Panel value="rows" pt="sm">
            <RowTable dataset={summary} selectedRowId={rowId} onOpenRow={openRow} onAdd={() => setEditing({ kind: 'add' })} />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="sm">
            <PreviewPanel dataset={summary} rowId={rowId} />
          </Tabs.Panel>
          <Tabs.Panel value="stats" pt="sm">
            <StatsPanel dataset={summary} onOpenRow={openRow} />
          </Tabs.Panel>
          <Tabs.Panel value="split" pt="sm">
            <SplitExportPanel key={summary.id} dataset={summary} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
      <RowEditor
        dataset={summary}
        target={editing}
        onClose={() => setEditing(null)}
        onPreview={(id) => {
          setRowId(id);
          setEditing(null);
          onTab('preview');
        }}
      />
    </Card>
  );
}
