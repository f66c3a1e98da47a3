import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CompareCell } from '../../../../electron/shared/contract/compare.ts';

/** Time to first token, decode speed, token count and why generation stopped. */
export function ColumnStats({ cell, streamedTokens, testId }: { cell: CompareCell | null; streamedTokens: number; testId: string }) {
  const { t } = useTranslation('compare');
  const timings = cell?.timings ?? null;
  const fact = (label: string, value: string, name: string) => (
    <Text size="xs" c="dimmed" data-testid={`${testId}-${name}`}>
      {label}: <b>{value}</b>
    </Text>
  );
  return (
    <Group gap="md" wrap="wrap">
      {fact(t('column.ttft'), timings?.timeToFirstTokenMs == null ? '—' : `${Math.round(timings.timeToFirstTokenMs)} ms`, 'ttft')}
      {fact(t('column.speed'), timings?.tokensPerSecond == null ? '—' : `${timings.tokensPerSecond.toFixed(1)} tok/s`, 'speed')}
      {fact(t('column.tokens'), String(timings?.generatedTokens ?? streamedTokens), 'tokens')}
      {cell?.finishReason && fact(t('column.finish'), t(`column.finishReasons.${cell.finishReason}`), 'finish')}
    </Group>
  );
}
