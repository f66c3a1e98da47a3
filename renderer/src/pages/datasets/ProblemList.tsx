import { Badge, Chip, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetSummary, ProblemCode } from '../../../../electron/shared/contract/datasets.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { problemLocation } from './problemLocation.ts';
import { problemText } from './problemText.ts';

/** The most problems fetched at once; counts always cover all of them. */
const fetchLimit = 50_000;

interface ProblemListProps {
  readonly dataset: DatasetSummary;
  readonly onOpenRow: (rowId: number) => void;
}

/** Every problem with where it is, filterable by code; a virtual list, so a million bad rows still scroll. */
export function ProblemList({ dataset, onOpenRow }: ProblemListProps) {
  const { t } = useTranslation('datasets');
  const [code, setCode] = useState<ProblemCode | null>(null);
  const problems = useApiQuery('datasets.problems', { datasetId: dataset.id, limit: fetchLimit, ...(code ? { code } : {}) });
  const list = problems.data?.problems ?? [];
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer's functions change as the list scrolls; this component is meant to re-render with them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: list.length, getScrollElement: () => scroller.current, estimateSize: () => 58, overscan: 12 });
  const total = Object.values(dataset.counts).reduce((sum, count) => sum + count, 0);

  if (total === 0) {
    return (
      <Text c="dimmed" data-testid="problems-none">
        {t('problems.none')}
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="problem-list">
      <Chip.Group multiple={false} value={code ?? 'all'} onChange={(value) => setCode(value === 'all' ? null : (value as ProblemCode))}>
        <Group gap={6}>
          <Chip size="xs" value="all">
            {t('problems.all', { count: total })}
          </Chip>
          {Object.entries(dataset.counts).map(([key, count]) => (
            <Chip key={key} size="xs" value={key} data-testid={`problem-filter-${key}`}>
              {t(`problems.codes.${key as ProblemCode}`)} ({count})
            </Chip>
          ))}
        </Group>
      </Chip.Group>
      {problems.data && problems.data.total > list.length && (
        <Text size="xs" c="dimmed">
          {t('problems.shown', { shown: list.length, total: problems.data.total })}
        </Text>
      )}
      <div ref={scroller} style={{ height: 460, overflow: 'auto' }} data-testid="problem-scroller">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const problem = list[item.index];
            if (!problem) return null;
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} style={{ position: 'absolute', top: 0, left: 0, width: '100%', transform: `translateY(${item.start}px)` }}>
                <UnstyledButton w="100%" onClick={() => onOpenRow(problem.rowId)} data-testid="problem-row" data-row={problem.row ?? ''} data-line={problem.line ?? ''} data-code={problem.code}>
                  <Paper withBorder px="sm" py={6} mb={4}>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="xs" c="dimmed" w={130} style={{ flexShrink: 0 }}>
                        {problemLocation(t, problem)}
                      </Text>
                      <Badge size="sm" color="orange" variant="light" style={{ flexShrink: 0 }}>
                        {t(`problems.codes.${problem.code}`)}
                      </Badge>
                      <Text size="xs" ff="monospace" c="dimmed" truncate style={{ flexShrink: 1, maxWidth: 200 }}>
                        {problem.path}
                      </Text>
                    </Group>
                    <Text size="sm" mt={2} data-testid="problem-text">
                      {problemText(t, problem)}
                    </Text>
                  </Paper>
                </UnstyledButton>
              </div>
            );
          })}
        </div>
      </div>
    </Stack>
  );
}
