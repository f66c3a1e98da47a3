import { Button, Card, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  pretrainingPresetNameSchema,
  type PretrainingProgress,
  type PretrainingResult,
  type PreparedWorld,
} from '../../../../electron/shared/contract/pretraining.ts';
import { api } from '../../api/client.ts';
import { useJob } from '../../api/useJob.ts';
import { LossChart } from './LossChart.tsx';

type Checkpoint = Extract<PretrainingProgress, { type: 'checkpoint' }>;
type Step = Extract<PretrainingProgress, { type: 'step' }>;
type Setup = Extract<PretrainingProgress, { type: 'setup' }>;

/** At most this many chart points: every step of a long run would slow the chart down for nothing. */
const maxPoints = 600;

/** What a finished run hands to the chat stage: the world it was trained on and the base model it wrote. */
export interface PretrainedBase {
  readonly worldDir: string;
  readonly outPath: string;
  /** The model's library id (pretraining.start adds it next to the PretrainingResult). */
  readonly modelId: string | null;
}

/** Step 2: the pretraining job, with live loss, perplexity and the greedy samples of every checkpoint. */
export function RunPanel({ world, onFinished }: { world: PreparedWorld | null; onFinished?: (base: PretrainedBase) => void }) {
  const { t } = useTranslation('pretraining');
  const [preset, setPreset] = useState<string>('tiny');
  const [steps, setSteps] = useState<number | ''>('');
  const [setup, setSetup] = useState<Setup | null>(null);
  const [last, setLast] = useState<Step | null>(null);
  const [points, setPoints] = useState<{ step: number; loss: number }[]>([]);
  const [checkpoints, setCheckpoints] = useState<Checkpoint[]>([]);
  const [result, setResult] = useState<PretrainingResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  // The world the running job was started on: the form's world may change while it runs.
  const [runWorld, setRunWorld] = useState<PreparedWorld | null>(null);

  // reattach: after a reload the running pretraining shows its progress and Cancel again (and Start stays off).
  const job = useJob(
    ['pretrain'],
    {
      onProgress: (items) => {
        const newPoints: { step: number; loss: number }[] = [];
        for (const item of items) {
          if (item.type === 'setup') setSetup(item);
          if (item.type === 'checkpoint') setCheckpoints((previous) => [...previous, item]);
          if (item.type === 'step') {
            setLast(item);
            const every = Math.max(1, Math.ceil(item.totalSteps / maxPoints));
            if (item.step % every === 0 || item.step === 1) newPoints.push({ step: item.step, loss: item.loss });
          }
        }
        if (newPoints.length > 0) setPoints((previous) => [...previous, ...newPoints]);
      },
      onFinished: (end) => {
        if (end.state === 'done' && end.result) {
          setResult(end.result);
          if (runWorld) onFinished?.({ worldDir: runWorld.dir, outPath: end.result.outPath, modelId: end.result.modelId });
        } else setFailure(end.error?.message ?? end.state);
      },
    },
    { reattach: true },
  );
  const jobId = job.jobId;

  const begin = () => {
    if (!world) return;
    setSetup(null);
    setLast(null);
    setPoints([]);
    setCheckpoints([]);
    setResult(null);
    setFailure(null);
    setRunWorld(world);
    const parsedPreset = pretrainingPresetNameSchema.parse(preset);
    setStarting(true);
    job
      .start(() => api.call('pretraining.start', { preset: parsedPreset, dataPath: world.corpusPath, tokenizerPath: world.tokenizerPath, ...(steps === '' ? {} : { steps }) }))
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)))
      .finally(() => setStarting(false));
  };

  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Text fw={500}>{t('run.title')}</Text>
        <Group align="end">
          <Select label={t('run.preset')} data={pretrainingPresetNameSchema.options} value={preset} onChange={(value) => setPreset(value ?? 'tiny')} w={140} allowDeselect={false} data-testid="run-preset" />
          <NumberInput label={t('run.steps')} value={steps} min={1} onChange={(value) => setSteps(value === '' ? '' : Number(value))} w={200} data-testid="run-steps" />
          <Button disabled={!world || jobId !== null} loading={starting} onClick={begin} data-testid="run-start">
            {t('run.start')}
          </Button>
          {jobId && (
            <Button variant="default" onClick={() => void job.cancel()} data-testid="run-cancel">
              {t('run.cancel')}
            </Button>
          )}
        </Group>
        {!world && <Text size="sm" c="dimmed">{t('run.needWorld')}</Text>}
        {setup && (
          <Text size="sm" c="dimmed">
            {t('run.setup', { parameters: setup.parameters.toLocaleString(), vocab: setup.vocab, windows: setup.windows, length: setup.windowLength, backend: setup.backend })}
          </Text>
        )}
        {last && (
          <Text size="sm" data-testid="run-step">
            {t('run.step', { step: last.step, total: last.totalSteps, loss: last.loss.toFixed(3), ppl: last.perplexity.toFixed(2), speed: Math.round(last.tokensPerSecond) })}
          </Text>
        )}
        {points.length > 0 && <LossChart points={points} />}
        {checkpoints.map((checkpoint) => (
          <Card key={checkpoint.step} withBorder padding="xs" data-testid="run-checkpoint">
            <Text size="sm" fw={500}>
              {t('run.checkpoint', { step: checkpoint.step, loss: checkpoint.sampleLoss.toFixed(3) })}
            </Text>
            {checkpoint.samples.map((sample, index) => (
              <Text key={index} size="sm" ff="monospace" data-testid="run-sample">
                <b>{sample.prompt}</b>
                {sample.completion}
              </Text>
            ))}
          </Card>
        ))}
        {result && (
          <Stack gap={2} data-testid="run-result">
            <Text size="sm">{t('run.done', { path: result.outPath, from: result.initialLoss.toFixed(3), to: result.finalLoss.toFixed(3), seconds: result.seconds.toFixed(0) })}</Text>
            {result.probes && <Text size="sm">{t('run.probes', { correct: result.probes.correct, evaluated: result.probes.evaluated })}</Text>}
          </Stack>
        )}
        {failure && <Text c="red">{t('run.failed', { message: failure })}</Text>}
      </Stack>
    </Card>
  );
}
