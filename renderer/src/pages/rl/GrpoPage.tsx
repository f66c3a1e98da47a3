import { Alert, Button, Card, Checkbox, Grid, Group, NumberInput, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GrpoInput, GrpoProgress, GrpoResult } from '../../../../electron/shared/contract/rl.ts';
import { api } from '../../api/client.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { useJob } from '../../api/useJob.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { MetricChart } from '../training/MetricChart.tsx';
import { grpoChartRows, lastStep, samplesByStep } from './grpoChartRows.ts';
import { GrpoSamplesTable } from './GrpoSamplesTable.tsx';
import { AlignmentComparisonCard } from './AlignmentComparisonCard.tsx';
import { shownError } from '../../api/errorText.ts';

/** The run folder sits beside the adapter (as the CLI's), so starting the same output again resumes the run. */
const runDirOf = (outPath: string): string => outPath.replace(/\.gguf$/i, '') + '.grpo-run';

type Reward = GrpoInput['rewards'][number];

/**
 * The RL lab (lectures' stage 4): GRPO on a LoRA. The policy samples G replies per prompt, the rewards score them,
 * each reply is pushed up or down by how it compares with its group; the live charts show the mean reward and its
 * spread, the KL to the starting policy, the reply length and pass@1 on held-out prompts, and the table the replies
 * of each step with their rewards. Pause checkpoints; starting the same output again resumes.
 */
export function GrpoPage() {
  const { t } = useTranslation('rl');
  const models = useApiQuery('models.list', {});
  const [modelId, setModelId] = useState<string | null>(null);
  const [startAdapter, setStartAdapter] = useState('');
  const [promptsPath, setPromptsPath] = useState('');
  const [heldOutPath, setHeldOutPath] = useState('');
  const [exact, setExact] = useState(true);
  const [refusal, setRefusal] = useState(false);
  const [regex, setRegex] = useState('');
  const [rewardModel, setRewardModel] = useState('');
  const [generations, setGenerations] = useState(8);
  const [steps, setSteps] = useState(50);
  const [beta, setBeta] = useState(0.04);
  const [lr, setLr] = useState(5e-5);
  const [outPath, setOutPath] = useState('');
  const [items, setItems] = useState<GrpoProgress[]>([]);
  const [fraction, setFraction] = useState<number | null>(null);
  const [result, setResult] = useState<GrpoResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [shownStep, setShownStep] = useState<number | null>(null);
  const job = useJob(
    ['train-grpo'],
    {
      onProgress: (next, progress) => {
        setItems((current) => [...current, ...next]);
        setFraction(progress.fraction);
      },
      onFinished: (end) => {
        if (end.state === 'done') setResult(end.result);
        else if (end.state === 'failed') setProblem(end.error?.message ?? 'failed');
      },
    },
    { reattach: true },
  );

  const rewards: Reward[] = [
    ...(exact ? [{ kind: 'exact' as const, weight: 1 }] : []),
    ...(refusal ? [{ kind: 'refusal' as const, weight: 1 }] : []),
    ...(regex.trim() ? [{ kind: 'regex' as const, weight: 1, pattern: regex.trim() }] : []),
    ...(rewardModel.trim() ? [{ kind: 'rm' as const, weight: 1, path: rewardModel.trim() }] : []),
  ];
  const ready = modelId !== null && promptsPath.trim() !== '' && outPath.trim() !== '' && rewards.length > 0 && !job.running;
  const rows = grpoChartRows(items);
  const latest = lastStep(items);
  const status = items.filter((item) => item.type === 'status').at(-1);

  const start = (): void => {
    if (!ready) return;
    setItems([]);
    setResult(null);
    setProblem(null);
    setFraction(0);
    setShownStep(null);
    const out = outPath.trim();
    const input: GrpoInput = {
      modelPath: modelId,
      startAdapterPath: startAdapter.trim() || null,
      promptsPath: promptsPath.trim(),
      heldOutPath: heldOutPath.trim() || null,
      rewards,
      generations,
      steps,
      beta,
      learningRate: lr,
      outPath: out,
      runDir: runDirOf(out),
    };
    // a resumed run shows what it did before too
    void api
      .call('rl.grpoHistory', { runDir: runDirOf(out) })
      .then(({ items: before }) => setItems((current) => [...before, ...current]))
      .catch(() => undefined);
    job.start(() => api.call('rl.grpoStart', input)).catch((error: unknown) => setProblem(shownError(error)));
  };
  const pause = (): void => {
    void api.call('rl.grpoPause', { runDir: runDirOf(outPath.trim()) }).catch((error: unknown) => setProblem(shownError(error)));
  };

  return (
    <Stack gap="md" data-testid="grpo-page">
      <PageHeader title={t('title')} intro={t('intro')} />
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
                data-testid="grpo-model"
              />
              <TextInput label={t('form.startAdapter')} description={t('form.startAdapterHelp')} value={startAdapter} onChange={(e) => setStartAdapter(e.currentTarget.value)} />
              <TextInput label={t('form.prompts')} description={t('form.promptsHelp')} value={promptsPath} onChange={(e) => setPromptsPath(e.currentTarget.value)} data-testid="grpo-prompts" />
              <TextInput label={t('form.heldOut')} value={heldOutPath} onChange={(e) => setHeldOutPath(e.currentTarget.value)} data-testid="grpo-heldout" />
              <Text size="sm" fw={500}>
                {t('form.rewards')}
              </Text>
              <Checkbox label={t('form.exact')} checked={exact} onChange={(e) => setExact(e.currentTarget.checked)} />
              <Checkbox label={t('form.refusal')} checked={refusal} onChange={(e) => setRefusal(e.currentTarget.checked)} />
              <TextInput label={t('form.regex')} placeholder="^[A-Z].*\.$" value={regex} onChange={(e) => setRegex(e.currentTarget.value)} />
              <TextInput label={t('form.rewardModel')} placeholder="RM.gguf" value={rewardModel} onChange={(e) => setRewardModel(e.currentTarget.value)} />
              <Group grow>
                <NumberInput label={t('form.generations')} value={generations} min={2} max={64} onChange={(v) => setGenerations(Number(v) || 8)} />
                <NumberInput label={t('form.steps')} value={steps} min={1} max={100000} onChange={(v) => setSteps(Number(v) || 50)} />
              </Group>
              <Group grow>
                <NumberInput label={t('form.beta')} value={beta} min={0} max={10} step={0.01} decimalScale={4} onChange={(v) => setBeta(Number(v) || 0)} />
                <NumberInput label={t('form.lr')} value={lr} min={1e-7} max={1} step={1e-5} decimalScale={7} onChange={(v) => setLr(Number(v) || 5e-5)} />
              </Group>
              <TextInput label={t('form.out')} description={t('form.outHelp')} value={outPath} onChange={(e) => setOutPath(e.currentTarget.value)} data-testid="grpo-out" />
              <Group>
                <Button onClick={start} disabled={!ready} data-testid="grpo-start">
                  {t('form.start')}
                </Button>
                {job.running && (
                  <>
                    <Button variant="light" onClick={pause} data-testid="grpo-pause">
                      {t('form.pause')}
                    </Button>
                    <Button color="red" variant="light" onClick={() => void job.cancel()}>
                      {t('form.cancel')}
                    </Button>
                  </>
                )}
              </Group>
              {fraction !== null && job.running && <Progress value={fraction * 100} />}
              {status && status.type === 'status' && (
                <Text size="xs" c="dimmed">
                  {t(`stage.${status.stage.code}`, status.stage.params as Record<string, unknown>)}
                </Text>
              )}
              {latest && (
                <Text size="xs" c="dimmed" data-testid="grpo-timing">
                  {t('live.timing', { step: latest.step, sampling: (latest.samplingMs / 1000).toFixed(1), update: (latest.updateMs / 1000).toFixed(1) })}
                </Text>
              )}
              {problem && <Alert color="red">{problem}</Alert>}
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            {result && (
              <Alert color="green" data-testid="grpo-result">
                {result.status === 'paused' ? t('result.paused', { step: result.step }) : t('result.done', { path: result.outPath, step: result.step, seconds: result.seconds.toFixed(1) })}
              </Alert>
            )}
            <MetricChart
              title={t('live.rewardTitle')}
              help={t('live.rewardHelp')}
              rows={rows}
              testId="grpo-reward-chart"
              format={(value) => value.toFixed(2)}
              lines={[
                { key: 'reward', label: t('live.reward'), color: '#228be6' },
                { key: 'rewardHigh', label: t('live.spreadHigh'), color: '#a5d8ff', dashed: true },
                { key: 'rewardLow', label: t('live.spreadLow'), color: '#a5d8ff', dashed: true },
              ]}
            />
            <MetricChart
              title={t('live.klTitle')}
              help={t('live.klHelp')}
              rows={rows}
              testId="grpo-kl-chart"
              reference={0}
              format={(value) => value.toFixed(3)}
              lines={[{ key: 'kl', label: 'KL', color: '#fd7e14' }]}
            />
            <Grid>
              <Grid.Col span={6}>
                <MetricChart
                  title={t('live.lengthTitle')}
                  help={t('live.lengthHelp')}
                  rows={rows}
                  testId="grpo-length-chart"
                  format={(value) => value.toFixed(1)}
                  lines={[{ key: 'completionLength', label: t('live.length'), color: '#40c057' }]}
                />
              </Grid.Col>
              <Grid.Col span={6}>
                <MetricChart
                  title={t('live.passTitle')}
                  help={t('live.passHelp')}
                  rows={rows}
                  testId="grpo-pass-chart"
                  format={(value) => value.toFixed(2)}
                  lines={[{ key: 'passAt1', label: 'pass@1', color: '#7950f2' }]}
                />
              </Grid.Col>
            </Grid>
            <GrpoSamplesTable byStep={samplesByStep(items)} step={shownStep} onStep={setShownStep} />
          </Stack>
        </Grid.Col>
      </Grid>
      <AlignmentComparisonCard />
    </Stack>
  );
}
