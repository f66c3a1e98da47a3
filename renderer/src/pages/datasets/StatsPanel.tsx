import { Alert, Button, Card, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DatasetSummary, RowRef } from '../../../../electron/shared/contract/datasets.ts';
import type { TokenizerRef } from '../../../../electron/shared/contract/tokenizer.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { TokenizerPicker } from '../tokenizer/TokenizerPicker.tsx';
import { rowLocation } from './problemLocation.ts';

interface StatsPanelProps {
  readonly dataset: DatasetSummary;
  readonly onOpenRow: (rowId: number) => void;
}

const formatNumber = (value: number): string => (Number.isInteger(value) ? value.toLocaleString() : value.toFixed(1));

/** Row lengths in characters or tokens, their histogram, what a context would cut, and duplicates. */
export function StatsPanel({ dataset, onOpenRow }: StatsPanelProps) {
  const { t } = useTranslation('datasets');
  const encodings = useApiQuery('tokenizer.encodings', {}, { staleTime: Number.POSITIVE_INFINITY });
  const [unit, setUnit] = useState<'chars' | 'tokens'>('chars');
  const [tokenizer, setTokenizer] = useState<TokenizerRef>({ kind: 'tiktoken', encoding: 'cl100k_base' });
  const [context, setContext] = useState<number | string>('');
  const stats = useApiMutation('datasets.stats');
  const compute = (): void =>
    stats.mutate({
      datasetId: dataset.id,
      ...(unit === 'tokens' ? { tokenizer } : {}),
      ...(typeof context === 'number' && context > 0 ? { contextLength: context } : {}),
    });
  const result = stats.data?.datasetId === dataset.id ? stats.data : null;
  const data = (result?.histogram ?? []).map((bin) => ({ label: `${bin.start}–${bin.end}`, start: bin.start, count: bin.count }));
  const contextBin = result?.contextLength ? data.find((bin, index) => result.contextLength !== null && result.contextLength < (result.histogram[index]?.end ?? 0)) : undefined;

  return (
    <Stack gap="sm" data-testid="dataset-stats">
      <Group align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('stats.unit')}
          </Text>
          <SegmentedControl
            size="xs"
            value={unit}
            onChange={(value) => setUnit(value as typeof unit)}
            data={[
              { value: 'chars', label: t('stats.chars') },
              { value: 'tokens', label: t('stats.tokens') },
            ]}
            data-testid="stats-unit"
          />
        </Stack>
        {unit === 'tokens' && <TokenizerPicker value={tokenizer} onChange={setTokenizer} encodings={encodings.data ?? []} testId="stats-tokenizer" />}
        <NumberInput w={170} label={t('stats.context')} placeholder={t('stats.contextPlaceholder')} min={1} value={context} onChange={setContext} />
        <Button onClick={compute} loading={stats.isPending} data-testid="stats-compute">
          {t('stats.compute')}
        </Button>
      </Group>
      {stats.error && <Alert color="red">{stats.error.message}</Alert>}
      {result && (
        <>
          <Text size="xs" c="dimmed" data-testid="stats-measured">
            {result.measuredHow ? t(`measuredHow.${result.measuredHow.key}`, { ...result.measuredHow.params, interpolation: { escapeValue: false } }) : result.measuredAs}
          </Text>
          <SimpleGrid cols={{ base: 3, md: 7 }} spacing="xs" data-testid="stats-numbers">
            {(
              [
                ['rows', result.rows],
                ['total', result.length.total],
                ['min', result.length.min],
                ['median', result.length.median],
                ['mean', result.length.mean],
                ['p95', result.length.p95],
                ['max', result.length.max],
              ] as const
            ).map(([key, value]) => (
              <Card key={key} withBorder p="xs">
                <Text size="xs" c="dimmed">
                  {t(`stats.${key}`)}
                </Text>
                <Text fw={600}>{formatNumber(value)}</Text>
              </Card>
            ))}
          </SimpleGrid>
          <Text size="sm" fw={500}>
            {t('stats.histogram', { unit: result.unit === 'tokens' ? t('stats.tokens') : t('stats.chars') })}
          </Text>
          <div style={{ width: '100%', height: 260 }} data-testid="stats-histogram">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
                <YAxis allowDecimals={false} width={48} />
                <Tooltip formatter={(value) => [value, t('stats.rowCount')]} />
                {contextBin && <ReferenceLine x={contextBin.label} stroke="#fa5252" strokeDasharray="4 2" label={{ value: String(result.contextLength), fill: '#fa5252', fontSize: 11 }} />}
                <Bar dataKey="count" fill="#228be6" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          {result.contextLength !== null && (
            <Alert color={result.overContext > 0 ? 'orange' : 'green'} p="xs" data-testid="stats-over-context">
              <Text size="sm">{t('stats.overContext', { count: result.overContext, limit: result.contextLength })}</Text>
              <Group gap={4} mt={4}>
                {result.overContextRows.slice(0, 20).map((ref) => (
                  <Button key={ref.id} size="compact-xs" variant="light" onClick={() => onOpenRow(ref.id)} title={rowLocation(t, ref)}>
                    {t('stats.rowRef', { row: ref.row })}
                  </Button>
                ))}
              </Group>
            </Alert>
          )}
          <Text size="sm" data-testid="stats-duplicates">
            {result.duplicates.rows > 0 ? t('stats.duplicates', { rows: result.duplicates.rows, groups: result.duplicates.groups }) : t('stats.noDuplicates')}
          </Text>
          {result.duplicates.examples.length > 0 && (
            <Group gap={4}>
              {result.duplicates.examples.slice(0, 10).map((group) => (
                <Button
                  key={group.map((ref) => ref.id).join(',')}
                  size="compact-xs"
                  variant="default"
                  onClick={() => onOpenRow((group[0] as RowRef).id)}
                  title={group.map((ref) => rowLocation(t, ref)).join(' = ')}
                  data-testid="stats-duplicate-group"
                >
                  {group.map((ref) => t('stats.rowRef', { row: ref.row })).join(' = ')}
                </Button>
              ))}
            </Group>
          )}
          {dataset.kind !== 'pretrain' && (
            <Text size="sm" c="dimmed">
              {t('stats.messages', { mean: result.messages.mean.toFixed(1), max: result.messages.max })}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
