import { ActionIcon, Alert, Badge, Button, Card, Code, Collapse, CopyButton, Group, Loader, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CellStatus, LiveCell } from './compareJobState.ts';
import { ColumnStats } from './ColumnStats.tsx';

interface ColumnCardProps {
  readonly index: number;
  readonly label: string;
  readonly live: LiveCell;
  readonly scrollRef: (element: HTMLElement | null) => void;
  readonly onScroll: () => void;
  readonly onToShift: ((text: string) => void) | null;
  readonly height: number;
}

const statusColors: Record<CellStatus, string> = { queued: 'gray', waiting: 'orange', streaming: 'blue', done: 'teal', error: 'red' };

/** One contender's answer as it streams, with its speed and a way to copy it or score it in the shift view. */
export function ColumnCard({ index, label, live, scrollRef, onScroll, onToShift, height }: ColumnCardProps) {
  const { t } = useTranslation('compare');
  const [showPrompt, setShowPrompt] = useState(false);
  const testId = `column-${index}`;
  const renderedPrompt = live.cell?.renderedPrompt ?? null;
  return (
    <Card withBorder padding="sm" data-testid={testId} data-status={live.status} style={{ minWidth: 0 }}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={600} size="sm" truncate title={label} data-testid={`${testId}-label`}>
            {index + 1}. {label}
          </Text>
          <Group gap={4} wrap="nowrap">
            {live.status === 'streaming' && <Loader size={12} />}
            <Badge size="sm" variant="light" color={statusColors[live.status]} data-testid={`${testId}-status`}>
              {t(`column.${live.status}`)}
            </Badge>
            <CopyButton value={live.text}>
              {({ copied, copy }) => (
                <Button size="compact-xs" variant="subtle" onClick={copy} disabled={live.text === ''} data-testid={`${testId}-copy`}>
                  {copied ? t('column.copied') : t('column.copy')}
                </Button>
              )}
            </CopyButton>
            {onToShift && (
              <Tooltip label={t('column.toShift')}>
                <ActionIcon size="sm" variant="subtle" aria-label={t('column.toShift')} onClick={() => onToShift(live.text)} disabled={live.status !== 'done' || live.text === ''}>
                  Δ
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Group>
        <ColumnStats cell={live.cell} streamedTokens={live.tokens} testId={testId} />
        {live.cell?.error ? (
          <Alert color="red" p="xs" data-testid={`${testId}-error`}>
            {live.cell.error.message}
          </Alert>
        ) : (
          <div
            ref={scrollRef}
            onScroll={onScroll}
            data-testid={`${testId}-output`}
            style={{ minHeight: 120, maxHeight: height, overflowY: 'auto', whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 14, lineHeight: 1.55, padding: '4px 2px' }}
          >
            {live.text === '' ? (
              <Text size="sm" c="dimmed">
                {live.status === 'waiting' ? t('column.waiting') : t('column.empty')}
              </Text>
            ) : (
              live.text
            )}
          </div>
        )}
        {renderedPrompt !== null && (
          <>
            <UnstyledButton onClick={() => setShowPrompt((shown) => !shown)}>
              <Text size="xs" c="dimmed">
                {showPrompt ? `▾ ${t('column.hidePrompt')}` : `▸ ${t('column.showPrompt')}`}
              </Text>
            </UnstyledButton>
            <Collapse expanded={showPrompt}>
              <Code block style={{ maxHeight: 220, overflow: 'auto', whiteSpace: 'pre-wrap' }} data-testid={`${testId}-rendered-prompt`}>
                {renderedPrompt}
              </Code>
            </Collapse>
          </>
        )}
      </Stack>
    </Card>
  );
}
