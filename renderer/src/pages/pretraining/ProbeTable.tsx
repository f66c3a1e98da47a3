import { Badge, Group, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorldGroup, WorldProbeReport, WorldVerdict } from '../../../../electron/shared/contract/worldChat.ts';
import { filterItems, verdictColors, worldGroups, worldVerdicts } from './probeView.ts';

/**
 * Every probed question with the expected answer and each model's answer coloured by its verdict, filterable by
 * group and verdict. A virtual list: 500 questions per group and language still scroll smoothly.
 */
export function ProbeTable({ report, testId }: { report: WorldProbeReport; testId: string }) {
  const { t } = useTranslation('pretraining');
  const [group, setGroup] = useState<WorldGroup | null>(null);
  const [verdict, setVerdict] = useState<WorldVerdict | null>(null);
  const [label, setLabel] = useState<string | null>(null);
  const labels = report.models.map((model) => model.label);
  const items = useMemo(() => filterItems(report.items, { group, verdict, label }), [report.items, group, verdict, label]);
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer's functions change as the list scrolls; this component is meant to re-render with them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => 52, overscan: 10 });
  const columns = `150px minmax(180px, 2fr) minmax(90px, 1fr) ${labels.map(() => 'minmax(110px, 1.4fr)').join(' ')}`;

  return (
    <Stack gap="xs" data-testid={testId}>
      <Group align="end">
        <SegmentedControl
          size="xs"
          value={group ?? 'all'}
          onChange={(value) => setGroup(value === 'all' ? null : (value as WorldGroup))}
          data={[{ value: 'all', label: t('chat.table.all') }, ...worldGroups.map((value) => ({ value, label: t(`chat.groups.${value}`) }))]}
          data-testid={`${testId}-group`}
        />
        <Select
          size="xs"
          label={t('chat.table.verdict')}
          clearable
          placeholder={t('chat.table.all')}
          value={verdict}
          onChange={(value) => setVerdict(value as WorldVerdict | null)}
          data={worldVerdicts.map((value) => ({ value, label: t(`chat.verdicts.${value}`) }))}
          w={160}
          data-testid={`${testId}-verdict`}
        />
        <Select size="xs" label={t('chat.table.model')} clearable placeholder={t('chat.table.anyModel')} value={label} onChange={setLabel} data={labels} w={140} />
        <Text size="xs" c="dimmed" data-testid={`${testId}-count`}>
          {t('chat.table.shown', { count: items.length, total: report.items.length })}
        </Text>
      </Group>
      <div role="table" aria-label={t('chat.table.title')}>
        <div role="row" style={{ display: 'grid', gridTemplateColumns: columns, gap: 8, padding: '4px 8px', fontWeight: 600, fontSize: 13 }}>
          <span role="columnheader">{t('chat.table.group')}</span>
          <span role="columnheader">{t('chat.table.question')}</span>
          <span role="columnheader">{t('chat.table.expected')}</span>
          {labels.map((value) => (
            <span key={value} role="columnheader">
              {value}
            </span>
          ))}
        </div>
        <div ref={scroller} style={{ maxHeight: 420, overflow: 'auto' }}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((row) => {
              const item = items[row.index];
              if (!item) return null;
              return (
                <div
                  key={row.key}
                  role="row"
                  data-index={row.index}
                  ref={virtualizer.measureElement}
                  data-testid="probe-item"
                  data-group={item.group}
                  data-person={item.personId}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${row.start}px)`,
                    display: 'grid',
                    gridTemplateColumns: columns,
                    gap: 8,
                    padding: '6px 8px',
                    borderTop: '1px solid var(--mantine-color-default-border)',
                    fontSize: 13,
                  }}
                >
                  <span role="cell">
                    <Badge size="xs" variant="light" color="gray" style={{ textTransform: 'none' }}>
                      {t(`chat.groups.${item.group}`)} · {item.language}
                    </Badge>
                  </span>
                  <span role="cell">{item.question}</span>
                  <span role="cell" style={{ fontStyle: item.expected === null ? 'italic' : undefined }}>
                    {item.expected ?? t('chat.table.noAnswer')}
                  </span>
                  {labels.map((model) => {
                    const answer = item.answers[model];
                    if (!answer) return <span key={model} role="cell" />;
                    return (
                      <Text
                        key={model}
                        role="cell"
                        size="sm"
                        c={verdictColors[answer.verdict].mantine}
                        title={t(`chat.verdicts.${answer.verdict}`)}
                        data-testid="probe-answer"
                        data-model={model}
                        data-verdict={answer.verdict}
                        style={{ wordBreak: 'break-word' }}
                      >
                        {answer.text || '∅'}
                      </Text>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
      </div>
    </Stack>
  );
}
