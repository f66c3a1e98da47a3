import { Button, Card, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  pretrainingPresetNameSchema,
  pretrainingProgressSchema,
  pretrainingResultSchema,
  type PretrainingProgress,
  type PretrainingResult,
  type PreparedWorld,
} from '../../../../electron/shared/contract/pretraining.ts';
import { useApiMutation, useJobEvents } from '../../api/hooks.ts';
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

const modelIdSchema = z.object({ modelId: z.string() });

/** Step 2: the pretraining job, with live loss, perplexity and the greedy samples of every checkpoint. */
export function RunPanel({ world, onFinished }: { world: PreparedWorld | null; onFinished?: (base: PretrainedBase) => void }) {
  const { t } = useTranslation('pretraining');
  const [preset, setPreset] = useState<string>('tiny');
  const [steps, setSteps] = useState<number | ''>('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [last, setLast] = useState<Step | null>(null);
  const [points, setPoints] = useState<{ step: number; loss: number }[]>([]);
  const [checkpoints, setCheckpoints] = useState<Checkpoint[]>([]);
  const [result, setResult] = useState<PretrainingResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  // The world the running job was started on: the form's world may change while it runs.
  const [runWorld, setRunWorld] = useState<PreparedWorld | null>(null);
  const start = useApiMutation('pretraining.start');
  const cancel = useApiMutation('jobs.cancel');

  useJobEvents(jobId, {
    onProgress: (payload) => {
      const items = Array.isArray(payload.data) ? payload.data : [payload.data];
      const newPoints: { step: number; loss: number }[] = [];
      for (const raw of items) {
        const item = pretrainingProgressSchema.safeParse(raw);
        if (!item.success) continue;
        if (item.data.type === 'setup') setSetup(item.data);
        if (item.data.type === 'checkpoint') setCheckpoints((previous) => [...previous, item.data as Checkpoint]);
        if (item.data.type === 'step') {
          setLast(item.data);
          const every = Math.max(1, Math.ceil(item.data.totalSteps / maxPoints));
          if (item.data.step % every === 0 || item.data.step === 1) newPoints.push({ step: item.data.step, loss: item.data.loss });
        }
      }
      if (newPoints.length > 0) setPoints((previous) => [...previous, ...newPoints]);
    },
    onFinished: (payload) => {
      setJobId(null);
      if (payload.state === 'done') {
        const finished = pretrainingResultSchema.parse(payload.result);
        setResult(finished);
        if (runWorld) onFinished?.({ worldDir: runWorld.dir, outPath: finished.outPath, modelId: modelIdSchema.safeParse(payload.result).data?.modelId ?? null });
      } else setFailure(payload.error?.message ?? payload.state);
    },
  });

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
    start.mutate(
      { preset: parsedPreset, dataPath: world.corpusPath, tokenizerPath: world.tokenizerPath, ...(steps === '' ? {} : { steps }) },
      { onSuccess: ({ jobId: id }) => setJobId(id), onError: (error) => setFailure(error.message) },
    );
  };

  return (
    <Card withBorder padding="sm">
      <Stack gap="xs">
        <Text fw={500}>{t('run.title')}</Text>
        <Group align="end">
          <Select label={t('run.preset')} data={pretrainingPresetNameSchema.options} value={preset} onChange={(value) => setPreset(value ?? 'tiny')} w={140} allowDeselect={false} data-testid="run-preset" />
          <NumberInput label={t('run.steps')} value={steps} min={1} onChange={(value) => setSteps(value === '' ? '' : Number(value))} w={200} data-testid="run-steps" />
          <Button disabled={!world || jobId !== null} loading={start.isPending} onClick={begin} data-testid="run-start">
            {t('run.start')}
          </Button>
          {jobId && (
            <Button variant="default" onClick={() => cancel.mutate({ jobId })}>
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
