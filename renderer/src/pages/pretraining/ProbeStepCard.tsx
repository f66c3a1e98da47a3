import { Button, Group, NumberInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { blockReason, probeModels, setPerGroup, type ChatStage } from './chatStage.ts';
import { cancelStep, startProbe, updateChatStage } from './chatStageStore.ts';
import { GroupLegend, ProbeResults } from './ProbeResults.tsx';
import { BlockedReason, JobProgress, StepCard, StepOutcome } from './StepCard.tsx';

/** Step 2: base and chat asked the same questions about known, held-out and nonexistent people. */
export function ProbeStepCard({ stage }: { stage: ChatStage }) {
  const { t } = useTranslation('pretraining');
  const current = stage.probe;
  const blocked = blockReason(stage, 'probe');
  const [perGroup, setPerGroupDraft] = useState<number | ''>(stage.perGroup);
  return (
    <StepCard id="probe" title={t('chat.probe.title')} description={t('chat.probe.description')} status={current.status}>
      <GroupLegend />
      <Group align="end">
        <NumberInput
          label={t('chat.probe.perGroup')}
          value={perGroup}
          min={1}
          max={500}
          allowDecimal={false}
          onChange={(value) => {
            setPerGroupDraft(value === '' ? '' : Number(value));
            // An emptied field is being retyped: the last valid count stays until a new one is complete.
            if (value !== '' && Number(value) >= 1) updateChatStage((latest) => setPerGroup(latest, Math.min(500, Math.round(Number(value)))));
          }}
          onBlur={() => setPerGroupDraft(stage.perGroup)}
          w={240}
          data-testid="probe-per-group"
        />
        <Button disabled={blocked !== null} onClick={() => void startProbe('probe')} data-testid="probe-start">
          {t('chat.probe.start', { models: probeModels(stage, 'probe').map((model) => model.label).join(' / ') })}
        </Button>
      </Group>
      {current.status !== 'running' && <BlockedReason reason={blocked} />}
      {current.status === 'running' && <ProbeProgress stage={stage} step="probe" />}
      <StepOutcome status={current.status} error={current.error} />
      {current.result && <ProbeResults report={current.result} testId="probe" />}
    </StepCard>
  );
}

export function ProbeProgress({ stage, step }: { stage: ChatStage; step: 'probe' | 'reprobe' }) {
  const { t } = useTranslation('pretraining');
  const current = stage[step];
  const progress = current.progress;
  return (
    <JobProgress
      fraction={current.fraction}
      label={progress ? t('chat.probe.progress', { label: progress.label, done: progress.done, total: progress.total }) : t('chat.probe.loading')}
      onCancel={() => void cancelStep(step)}
      testId={`${step}-progress`}
    />
  );
}
