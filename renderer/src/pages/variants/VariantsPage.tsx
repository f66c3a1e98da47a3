import { Alert, Button, Card, Grid, Group, List, NumberInput, Progress, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { quantizeTypeSchema, type QuantizeTypeName, type VariantRow } from '../../../../electron/shared/contract/compress.ts';
import { api } from '../../api/client.ts';
import { shownError } from '../../api/errorText.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { useJob } from '../../api/useJob.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { VariantCharts } from './VariantCharts.tsx';
import { VariantTable } from './VariantTable.tsx';
import { variantChartRows, variantEvalScores } from './variantRows.ts';


/**
 * Compress a model and see what it costs: quantize it (llama.cpp's quantizer) or bake an adapter into it, then
 * measure every variant on the same held-out text — file size, memory, prefill and decode speed, perplexity — as a
 * table and charts, so the trade-off is seen, not read.
 */
export function VariantsPage() {
  const { t } = useTranslation('variants');
  const queries = useQueryClient();
  const models = useApiQuery('models.list', {});
  const [modelId, setModelId] = useState<string | null>(null);
  const variants = useApiQuery('compress.variants', { model: modelId ?? '' }, { enabled: modelId !== null });
  const evalRuns = useApiQuery('evals.runs', { limit: 1000 });
  const adapters = useApiQuery('adapters.list', { model: modelId ?? '' }, { enabled: modelId !== null });
  const [type, setType] = useState<QuantizeTypeName>('Q8_0');
  const [adapterId, setAdapterId] = useState<string | null>(null);
  const [mergeType, setMergeType] = useState<string>('');
  const [text, setText] = useState('');
  const [decodeTokens, setDecodeTokens] = useState(64);
  const [makeFraction, setMakeFraction] = useState<number | null>(null);
  const [made, setMade] = useState<string | null>(null);
  const [rows, setRows] = useState<VariantRow[]>([]);
  const [compareFraction, setCompareFraction] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const make = useJob(['quantize', 'merge'], {
    onProgress: (_items, progress) => setMakeFraction(progress.fraction),
    onFinished: (end) => {
      setMakeFraction(null);
      if (end.state === 'done' && end.result) setMade(t('make.done', { name: end.result.model.name, share: (100 * end.result.sizeRatio).toFixed(1), seconds: end.result.seconds.toFixed(1) }));
      else if (end.state === 'failed') setProblem(end.error?.message ?? 'failed');
      void queries.invalidateQueries({ queryKey: ['compress.variants'] });
      void queries.invalidateQueries({ queryKey: ['models.list'] });
    },
  }, { reattach: true });
  const compare = useJob(['compare-variants'], {
    onProgress: (items, progress) => {
      setRows((current) => [...current, ...items]);
      setCompareFraction(progress.fraction);
    },
    onFinished: (end) => {
      setCompareFraction(null);
      if (end.state === 'done' && end.result) setRows(end.result.rows);
      else if (end.state === 'failed') setProblem(end.error?.message ?? 'failed');
    },
  });

  const busy = make.running || compare.running;
  const start = (call: () => Promise<{ jobId: string }>, job: typeof make | typeof compare): void => {
    setProblem(null);
    setMade(null);
    job.start(call).catch((error: unknown) => setProblem(shownError(error)));
  };
  const quantize = (): void => {
    if (modelId) start(() => api.call('compress.quantize', { model: modelId, type }), make);
  };
  const merge = (): void => {
    const adapter = (adapters.data ?? []).find((entry) => entry.id === adapterId);
    if (!modelId || !adapter) return;
    const parsedType = quantizeTypeSchema.safeParse(mergeType);
    start(() => api.call('compress.merge', { model: modelId, adapter: adapter.path, scale: 1, ...(parsedType.success ? { type: parsedType.data } : {}) }), make);
  };
  const measure = (): void => {
    if (!modelId) return;
    setRows([]);
    start(() => api.call('compress.compareVariants', { model: modelId, decodeTokens, ...(text.trim() ? { text } : {}) }), compare);
  };
  const typeChoices = quantizeTypeSchema.options.map((value) => ({ value, label: value }));

  return (
    <Stack gap="md" data-testid="variants-page">
      <PageHeader title={t('title')} intro={t('intro')} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <Card withBorder>
              <Stack gap="sm">
                <Select
                  label={t('model')}
                  placeholder={t('modelPlaceholder')}
                  data={(models.data ?? []).map((entry) => ({ value: entry.id, label: entry.name }))}
                  value={modelId}
                  onChange={(value) => {
                    setModelId(value);
                    setRows([]);
                  }}
                  searchable
                  data-testid="variants-model"
                />
                {modelId && (
                  <>
                    <Title order={5}>{t('variantsTitle')}</Title>
                    <List size="sm" data-testid="variants-list">
                      {(variants.data ?? []).map((variant) => (
                        <List.Item key={variant.model.id}>
                          {variant.model.name}
                          <Text span size="xs" c="dimmed">
                            {` · ${variant.operation === null ? t('table.source') : variant.operation === 'merge' ? t('table.merged') : t('table.quantized')} · ${(variant.model.sizeBytes / 2 ** 20).toFixed(1)} MiB`}
                          </Text>
                        </List.Item>
                      ))}
                    </List>
                  </>
                )}
              </Stack>
            </Card>
            <Card withBorder>
              <Stack gap="sm">
                <Title order={5}>{t('make.quantizeTitle')}</Title>
                <Text size="xs" c="dimmed">
                  {t('make.quantizeHelp')}
                </Text>
                <Select label={t('make.type')} data={typeChoices} value={type} onChange={(value) => setType(quantizeTypeSchema.catch('Q8_0').parse(value))} data-testid="variants-type" />
                <Button onClick={quantize} disabled={!modelId || busy} data-testid="variants-quantize">
                  {t('make.quantize')}
                </Button>
                <Title order={5}>{t('make.mergeTitle')}</Title>
                <Text size="xs" c="dimmed">
                  {t('make.mergeHelp')}
                </Text>
                <Select
                  label={t('make.adapter')}
                  placeholder={t('make.adapterPlaceholder')}
                  data={(adapters.data ?? []).map((entry) => ({ value: entry.id, label: entry.name }))}
                  value={adapterId}
                  onChange={setAdapterId}
                  data-testid="variants-adapter"
                />
                <Select
                  label={t('make.mergeType')}
                  data={[{ value: '', label: t('make.keepTypes') }, ...typeChoices]}
                  value={mergeType}
                  onChange={(value) => setMergeType(value ?? '')}
                />
                <Button onClick={merge} disabled={!modelId || !adapterId || busy} data-testid="variants-merge">
                  {t('make.merge')}
                </Button>
                {make.running && (
                  <Group>
                    <Progress value={(makeFraction ?? 0) * 100} style={{ flex: 1 }} />
                    <Button size="xs" color="red" variant="light" onClick={() => void make.cancel()}>
                      {t('cancel')}
                    </Button>
                  </Group>
                )}
                {made && <Alert color="green" data-testid="variants-made">{made}</Alert>}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <Card withBorder>
              <Stack gap="sm">
                <Title order={5}>{t('compare.title')}</Title>
                <Text size="xs" c="dimmed">
                  {t('compare.help')}
                </Text>
                <Textarea label={t('compare.text')} placeholder={t('compare.textPlaceholder')} autosize minRows={2} maxRows={6} value={text} onChange={(event) => setText(event.currentTarget.value)} />
                <Group align="end">
                  <NumberInput label={t('compare.decodeTokens')} value={decodeTokens} min={8} max={512} onChange={(value) => setDecodeTokens(Number(value) || 64)} w={160} />
                  <Button onClick={measure} disabled={!modelId || busy} data-testid="variants-compare">
                    {t('compare.run')}
                  </Button>
                  {compare.running && (
                    <Button color="red" variant="light" onClick={() => void compare.cancel()}>
                      {t('cancel')}
                    </Button>
                  )}
                </Group>
                {compare.running && <Progress value={(compareFraction ?? 0) * 100} />}
              </Stack>
            </Card>
            {problem && <Alert color="red">{problem}</Alert>}
            {rows.length > 0 && (
              <>
                <VariantTable rows={rows} evals={variantEvalScores(rows, evalRuns.data ?? [])} />
                <VariantCharts rows={variantChartRows(rows)} />
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
