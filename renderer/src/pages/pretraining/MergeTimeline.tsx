import { Badge, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LearnedMerge } from '../../../../electron/shared/contract/pretrainingWorldJob.ts';
import { MergeText } from './MergeText.tsx';

const rowHeight = 30;

/**
 * Every merge as it arrives, newest on top: "left + right → token" with the pair count, and the merges that
 * turned a whole word into one token highlighted. A virtual list, since a big vocabulary learns thousands.
 */
export function MergeTimeline({ merges, wholeWords }: { readonly merges: readonly LearnedMerge[]; readonly wholeWords: readonly LearnedMerge[] }) {
  const { t } = useTranslation('pretraining');
  const [filter, setFilter] = useState<'all' | 'words'>('all');
  const shown = filter === 'all' ? merges : wholeWords;
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer's functions change as the list scrolls; this component is meant to re-render with them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 12 });

  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('world.live.timeline')}
        </Text>
        <SegmentedControl
          size="xs"
          value={filter}
          onChange={(value) => setFilter(value === 'words' ? 'words' : 'all')}
          data={[
            { value: 'all', label: t('world.live.all') },
            { value: 'words', label: t('world.live.words') },
          ]}
          data-testid="world-merge-filter"
        />
      </Group>
      <div ref={scroller} style={{ height: 260, overflow: 'auto', border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }} data-testid="world-merge-list">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((row) => {
            const merge = shown[shown.length - 1 - row.index];
            if (!merge) return null;
            return (
              <div
                key={merge.rank}
                data-testid="world-merge-row"
                data-rank={merge.rank}
                data-whole-word={merge.wholeWord ? 'true' : 'false'}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  width: '100%',
                  height: rowHeight,
                  transform: `translateY(${row.start}px)`,
                  display: 'grid',
                  gridTemplateColumns: '64px minmax(120px, 1fr) minmax(80px, 1fr) 150px',
                  alignItems: 'center',
                  gap: 8,
                  padding: '0 8px',
                  fontSize: 13,
                  background: merge.wholeWord ? 'var(--mantine-color-yellow-light)' : undefined,
                }}
              >
                <Text size="xs" c="dimmed">
                  #{merge.rank}
                </Text>
                <span>
                  <MergeText text={merge.left} /> <Text span c="dimmed">+</Text> <MergeText text={merge.right} />
                </span>
                <Group gap={6} wrap="nowrap">
                  <Text span c="dimmed">→</Text>
                  <b data-testid="world-merge-token">
                    <MergeText text={merge.token} />
                  </b>
                  {merge.wholeWord && (
                    <Badge size="xs" color="yellow" variant="filled" style={{ textTransform: 'none' }}>
                      {t('world.live.wholeWord')}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" ta="right">
                  {t('world.live.pairCount', { count: merge.count })}
                </Text>
              </div>
            );
          })}
        </div>
      </div>
    </Stack>
  );
}
