import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { blockReason, type ChatStage } from './chatStage.ts';
import { cancelStep, startSft } from './chatStageStore.ts';
import { LossChart } from './LossChart.tsx';
import { BlockedReason, JobProgress, StepCard, StepOutcome } from './StepCard.tsx';

/**
 * A full-parameter SFT step: step 1 (base → chat on the known people's questions) or step 4 (chat → chat+IDK on
 * the "I don't know" data). Live loss while it runs, the summary when it is done.
 */
export function SftStepCard({
  step,
  stage,
  nameOf,
  children,
}: {
  step: 'sft' | 'idkSft';
  stage: ChatStage;
  nameOf: (path: string) => string;
  /** Extra controls under the summary (step 1: use an existing chat model). */
  children?: ReactNode;
}) {
  const { t } = useTranslation('pretraining');
  const [steps, setSteps] = useState<number | ''>('');
  const [learningRate, setLearningRate] = useState<number | ''>('');
  const current = stage[step];
  const blocked = blockReason(stage, step);
  const result = current.result;
  return (
    <StepCard
      id={step}
      title={t(`chat.${step}.title`)}
      description={t(`chat.${step}.description`)}
      status={current.status}
      {...(step === 'sft' && current.status === 'idle' && stage.chat ? { statusText: t('chat.status.existing') } : {})}
    >
      <Group align="end">
        <NumberInput label={t('chat.sft.steps')} value={steps} min={1} max={100_000} onChange={(value) => setSteps(value === '' ? '' : Number(value))} w={180} data-testid={`${step}-steps`} />
        <NumberInput
          label={t('chat.sft.learningRate')}
          value={learningRate}
          min={0}
          max={1}
          step={0.0001}
          decimalScale={6}
          onChange={(value) => setLearningRate(value === '' ? '' : Number(value))}
          w={180}
        />
        <Button
          disabled={blocked !== null}
          onClick={() => void startSft(step, { ...(steps === '' ? {} : { steps }), ...(learningRate === '' || learningRate <= 0 ? {} : { learningRate }) })}
          data-testid={`${step}-start`}
        >
          {t(`chat.${step}.start`)}
        </Button>
      </Group>
      {current.status !== 'running' && <BlockedReason reason={blocked} />}
      {current.status === 'running' && (
        <JobProgress
          fraction={current.fraction}
          label={current.last && current.totalSteps ? t('chat.sft.progress', { step: current.last.step, total: current.totalSteps, loss: current.last.loss.toFixed(3) }) : t('chat.sft.loading')}
          onCancel={() => void cancelStep(step)}
          testId={`${step}-progress`}
        />
      )}
      {current.points.length > 1 && <LossChart points={current.points} height={140} testId={`${step}-loss-chart`} />}
      {result && (
        <Text size="sm" data-testid={`${step}-result`}>
          {t('chat.sft.done', {
            steps: result.steps,
            examples: result.examples,
            from: result.initialLoss.toFixed(3),
            to: result.finalLoss.toFixed(3),
            seconds: result.seconds.toFixed(0),
            name: nameOf(result.outPath),
          })}
        </Text>
      )}
      <StepOutcome status={current.status} error={current.error} />
      {children && <Stack gap="xs">{children}</Stack>}
    </StepCard>
  );
}
