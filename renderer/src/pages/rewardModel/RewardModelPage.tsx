import { Alert, Button, Card, Grid, Group, List, NumberInput, Progress, Select, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RewardModelProgress, RewardModelResult } from '../../../../electron/shared/contract/rewardModel.ts';
import { api } from '../../api/client.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { useJob } from '../../api/useJob.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { MetricChart } from '../training/MetricChart.tsx';
import { GeneralizationChart, MarginHistogramChart } from './RewardCharts.tsx';
import { stepRows } from './rewardChartRows.ts';
import { shownError } from '../../api/errorText.ts';

/**
 * The reward model lab: train a reward LoRA on a preference dataset, watch ranking accuracy and margin on the
 * training batches and held-out pairs, and see afterwards how far it generalises (held-out pairs of the same kind
 * next to pairs from another domain, before and after) and how the held-out margins spread.
 */
export function RewardModelPage() {
  const { t } = useTranslation('rewardModel');
  const queries = useQueryClient();
  const models = useApiQuery('models.list', {});
  const datasets = useApiQuery('datasets.list', {});
  const trained = useApiQuery('rewardModel.list', {});
  const [modelId, setModelId] = useState<string | null>(null);
  const [dataId, setDataId] = useState<string | null>(null);
  const [heldOutId, setHeldOutId] = useState<string>('');
  const [probeId, setProbeId] = useState<string>('');
  const [epochs, setEpochs] = useState(2);
  const [lr, setLr] = useState(1e-3);
  const [items, setItems] = useState<RewardModelProgress[]>([]);
  const [fraction, setFraction] = useState<number | null>(null);
  const [result, setResult] = useState<RewardModelResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const job = useJob(['train-rm'], {
    onProgress: (next, progress) => {
      setItems((current) => [...current, ...next]);
      setFraction(progress.fraction);
    },
    onFinished: (end) => {
      if (end.state === 'done') setResult(end.result);
      else if (end.state === 'failed') setProblem(end.error?.message ?? 'failed');
      void queries.invalidateQueries({ queryKey: ['rewardModel.list'] });
    },
  }, { reattach: true });

  const pairSets = (datasets.data ?? []).filter((entry) => entry.kind === 'preference');
  const choices = pairSets.map((entry) => ({ value: entry.id, label: `${entry.name} (${entry.rows})` }));
  const ready = modelId !== null && dataId !== null && !job.running;
  const rows = stepRows(items);
  const status = items.filter((item) => item.type === 'status').at(-1);
  // said once before scoring starts, and worth keeping in view after the next stage replaces it
  const leftOut = items.find((item) => item.type === 'status' && item.stage.code === 'pairs_left_out');

  const train = (): void => {
    if (!ready) return;
    setItems([]);
    setResult(null);
    setProblem(null);
    setFraction(0);
    const dataset = (id: string) => ({ kind: 'dataset' as const, datasetId: id, split: 'all' as const });
    job
      .start(() =>
        api.call('rewardModel.train', {
          model: modelId,
          data: dataset(dataId),
          ...(heldOutId ? { heldOut: dataset(heldOutId) } : {}),
          probes: probeId ? [{ label: t('form.probeLabel'), data: dataset(probeId) }] : [],
          epochs,
          lr,
        }),
      )
      .catch((error: unknown) => setProblem(shownError(error)));
  };

  return (
    <Stack gap="md" data-testid="reward-model-page">
      <PageHeader title={t('title')} intro={t('intro')} />
      <Text size="sm">{t('lecture')}</Text>
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Card withBorder>
            <Stack gap="sm">
              <Title order={4}>{t('form.title')}</Title>
              <Select
                label={t('form.model')}
                placeholder={t('form.modelPlaceholder')}
                data={(models.data ?? []).map((entry) => ({ value: entry.id, label: entry.name }))}
                value={modelId}
                onChange={setModelId}
                searchable
                data-testid="rm-model"
              />
              <Select label={t('form.data')} placeholder={t('form.dataPlaceholder')} data={choices} value={dataId} onChange={setDataId} data-testid="rm-data" />
              {pairSets.length === 0 && (
                <Text size="xs" c="dimmed">
                  {t('form.noData')}
                </Text>
              )}
              <Select
                label={t('form.heldOut')}
                data={[{ value: '', label: t('form.heldOutAuto') }, ...choices]}
                value={heldOutId}
                onChange={(value) => setHeldOutId(value ?? '')}
                data-testid="rm-heldout"
              />
              <Select
                label={t('form.probe')}
                data={[{ value: '', label: t('form.probeNone') }, ...choices]}
                value={probeId}
                onChange={(value) => setProbeId(value ?? '')}
                data-testid="rm-probe"
              />
              <Group grow>
                <NumberInput label={t('form.epochs')} value={epochs} min={0.1} max={100} step={1} decimalScale={2} onChange={(value) => setEpochs(Number(value) || 1)} data-testid="rm-epochs" />
                <NumberInput label={t('form.lr')} value={lr} min={1e-6} max={1} step={1e-4} decimalScale={6} onChange={(value) => setLr(Number(value) || 1e-3)} data-testid="rm-lr" />
              </Group>
              <Group>
                <Button onClick={train} disabled={!ready} data-testid="rm-train">
                  {t('form.train')}
                </Button>
                {job.running && (
                  <Button color="red" variant="light" onClick={() => void job.cancel()}>
                    {t('form.cancel')}
                  </Button>
                )}
              </Group>
              {fraction !== null && job.running && <Progress value={fraction * 100} />}
              {status && status.type === 'status' && job.running && (
                <Text size="xs" c="dimmed">
                  {t(`stage.${status.stage.code}`, status.stage.params as Record<string, unknown>)}
                </Text>
              )}
              {leftOut && leftOut !== status && leftOut.type === 'status' && (
                <Text size="xs" c="dimmed" data-testid="reward-pairs-left-out">
                  {t(`stage.${leftOut.stage.code}`, leftOut.stage.params as Record<string, unknown>)}
                </Text>
              )}
              {problem && <Alert color="red">{problem}</Alert>}
            </Stack>
          </Card>
          <Card withBorder mt="md">
            <Stack gap="xs">
              <Title order={5}>{t('models.title')}</Title>
              {(trained.data ?? []).length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('models.none')}
                </Text>
              ) : (
                <List size="sm" data-testid="rm-list">
                  {(trained.data ?? []).map((entry) => (
                    <List.Item key={entry.adapterPath}>
                      {entry.name} · {t('models.accuracy', { accuracy: entry.accuracy.toFixed(2) })}
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <MetricChart
              title={t('live.accuracyTitle')}
              help={t('live.accuracyHelp')}
              rows={rows}
              testId="rm-accuracy-chart"
              reference={0.5}
              format={(value) => value.toFixed(2)}
              lines={[
                { key: 'trainAccuracy', label: t('live.trainBatch'), color: '#adb5bd' },
                { key: 'heldOutAccuracy', label: t('live.heldOut'), color: '#228be6' },
                { key: 'probeAccuracy', label: t('form.probeLabel'), color: '#fd7e14', dashed: true },
              ]}
            />
            <MetricChart
              title={t('live.marginTitle')}
              help={t('live.marginHelp')}
              rows={rows}
              testId="rm-margin-chart"
              reference={0}
              format={(value) => value.toFixed(2)}
              lines={[
                { key: 'trainMargin', label: t('live.trainBatch'), color: '#adb5bd' },
                { key: 'heldOutMargin', label: t('live.heldOut'), color: '#228be6' },
                { key: 'probeMargin', label: t('form.probeLabel'), color: '#fd7e14', dashed: true },
              ]}
            />
            {result && (
              <>
                <Alert color="green" data-testid="rm-result">
                  {t('result.saved', { path: result.outPath, steps: result.steps, seconds: result.seconds.toFixed(1), accuracy: result.accuracy.toFixed(3) })}
                </Alert>
                <GeneralizationChart result={result} />
                <MarginHistogramChart histogram={(result.heldOut ?? result.train).histogram} />
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
