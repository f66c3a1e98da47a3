import { Alert, Badge, Button, Card, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrainingRunDetail, TrainingRunState } from '../../../../electron/shared/contract/training.ts';
import { formatBytes } from '../../app/formatBytes.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { openInPlayground } from '../playground/playgroundHandoff.ts';
import { DeviceLine } from './DeviceLine.tsx';
import { RunCharts } from './RunCharts.tsx';
import { SamplesTable } from './SamplesTable.tsx';
import { formatCount, formatDuration, formatLoss } from './trainingFormat.ts';
import { useLiveRun, useRefreshTrainingLists } from './useLiveRun.ts';

export const stateColor: Record<TrainingRunState, string> = {
  queued: 'gray',
  running: 'blue',
  paused: 'yellow',
  interrupted: 'orange',
  done: 'green',
  failed: 'red',
  cancelled: 'gray',
};

const active = (state: TrainingRunState): boolean => state === 'running' || state === 'queued';

/** The selected run: state, progress, live charts, samples and what can be done with it. */
export function RunDashboard({ runId, onDeleted }: { runId: string | null; onDeleted(): void }) {
  const { t } = useTranslation('training');
  const { detail, view, live } = useLiveRun(runId);
  if (runId === null) {
    return (
      <Card withBorder padding="sm" data-testid="training-dashboard">
        <Text c="dimmed">{t('dashboard.none')}</Text>
      </Card>
    );
  }
  if (detail.error) {
    return (
      <Alert color="red" data-testid="training-dashboard-error">
        {t('dashboard.loadFailed', { message: detail.error.message })}
      </Alert>
    );
  }
  if (!detail.data || !view) return null;
  const run = detail.data;
  // Steps arriving while the stored run still says "queued" mean the job has begun.
  const state: TrainingRunState = live && run.state === 'queued' ? 'running' : run.state;
  const last = view.metrics.at(-1);
  const step = Math.max(last?.step ?? 0, run.step);
  const total = Math.max(view.totalSteps, 1);
  return (
    <Card withBorder padding="sm" data-testid="training-dashboard" data-run-id={run.id}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={500}>{run.name}</Text>
            <Badge color={stateColor[state]} data-testid="training-run-state" data-state={state}>
              {t(`state.${state}`)}
            </Badge>
            <Badge variant="light">{t(`objective.${run.objective}`)}</Badge>
          </Group>
          <RunActions run={run} state={state} onDeleted={onDeleted} onChanged={() => void detail.refetch()} />
        </Group>
        <Progress value={(100 * step) / total} animated={active(state)} aria-label={t('dashboard.progress', { step, total })} />
        <Group gap="lg" data-testid="training-run-stats">
          <Text size="sm">{t('dashboard.progress', { step, total: view.totalSteps })}</Text>
          {last && <Text size="sm">{`${t('dashboard.epoch')} ${last.epoch.toFixed(2)}`}</Text>}
          {active(state) && <Text size="sm">{`${t('dashboard.eta')} ${formatDuration(view.etaSeconds)}`}</Text>}
          {last && <Text size="sm">{`${formatCount(last.tokensPerSecond)} ${t('dashboard.speed')}`}</Text>}
          {last?.memoryBytes != null && <Text size="sm">{`${t('dashboard.memory')} ${formatBytes(last.memoryBytes)}`}</Text>}
          {last && <Text size="sm">{`${t('charts.loss')} ${formatLoss(last.loss)}`}</Text>}
        </Group>
        {view.status && active(state) && (
          <Text size="sm" c="dimmed" data-testid="training-run-status">
            {t(`stage.${view.status.code}`, view.status.params as Record<string, unknown>)}
          </Text>
        )}
        {run.error && <Alert color="red">{t('dashboard.error', { message: run.error })}</Alert>}
        {state === 'cancelled' && (
          <Text size="sm" c="dimmed" data-testid="training-cancelled-note">
            {run.checkpoints.length > 0 ? t('dashboard.cancelledKept', { step: run.checkpoints.at(-1)?.step ?? 0 }) : t('dashboard.cancelledNothing')}
          </Text>
        )}
        {run.outputPath && (
          <Text size="sm" ff="monospace" c="dimmed">
            {t('dashboard.output', { path: run.outputPath })}
          </Text>
        )}
        {view.metrics.length === 0 && active(state) && <Text size="sm" c="dimmed">{t('dashboard.waiting')}</Text>}
        <DeviceLine device={view.device ?? null} backend={run.backend} />
        <RunCharts metrics={view.metrics} objective={run.objective} />
        <SamplesTable samples={view.samples} />
      </Stack>
    </Card>
  );
}

interface RunActionsProps {
  run: TrainingRunDetail;
  state: TrainingRunState;
  onDeleted(): void;
  onChanged(): void;
}

/** Pause / resume / cancel / open in playground / delete, each enabled only when it makes sense. */
function RunActions({ run, state, onDeleted, onChanged }: RunActionsProps) {
  const { t } = useTranslation('training');
  const refreshLists = useRefreshTrainingLists();
  const models = useApiQuery('models.list', {});
  const pause = useApiMutation('training.pause');
  const resume = useApiMutation('training.resume');
  const cancel = useApiMutation('training.cancel');
  const remove = useApiMutation('training.deleteRun');
  const saveCheckpoint = useApiMutation('training.saveCheckpoint');
  const [confirming, setConfirming] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const error = pause.error ?? resume.error ?? cancel.error ?? remove.error ?? saveCheckpoint.error;
  // What a stopped run keeps: its last checkpoint, to resume from or to save as an adapter.
  const lastCheckpoint = run.checkpoints.at(-1)?.step ?? null;
  const stopped = state === 'paused' || state === 'interrupted' || state === 'cancelled';
  const after = { onSuccess: () => (onChanged(), refreshLists()) };

  // A LoRA run opens on its base model with the adapter; a full run's output is a model of its own.
  const openPlayground = (): void => {
    if (!run.outputPath) return;
    const list = models.data ?? [];
    if (run.objective === 'full') {
      openInPlayground({ modelId: list.find((model) => model.path === run.outputPath)?.id ?? null, adapters: [] });
    } else {
      openInPlayground({ modelId: list.find((model) => model.path === run.modelPath)?.id ?? null, adapters: [{ adapter: run.outputPath, scale: 1 }] });
    }
  };

  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs">
        {active(state) && (
          <Button size="xs" variant="default" loading={pause.isPending} onClick={() => pause.mutate({ runId: run.id }, after)} data-testid="training-pause">
            {t('dashboard.pause')}
          </Button>
        )}
        {stopped && lastCheckpoint !== null && (
          <Button size="xs" loading={resume.isPending} onClick={() => resume.mutate({ runId: run.id }, after)} data-testid="training-resume">
            {t('dashboard.resume')}
          </Button>
        )}
        {stopped && lastCheckpoint !== null && run.objective !== 'full' && (
          <Button
            size="xs"
            variant="light"
            loading={saveCheckpoint.isPending}
            onClick={() => saveCheckpoint.mutate({ runId: run.id, step: lastCheckpoint }, after)}
            data-testid="training-save-checkpoint"
          >
            {t('dashboard.saveCheckpoint', { step: lastCheckpoint })}
          </Button>
        )}
        {(active(state) || state === 'paused' || state === 'interrupted') && (
          <Button size="xs" variant="default" color="red" loading={cancel.isPending} onClick={() => setConfirmingCancel(true)} data-testid="training-cancel">
            {t('dashboard.cancel')}
          </Button>
        )}
        {state === 'done' && run.outputPath && (
          <Button size="xs" variant="light" onClick={openPlayground} data-testid="training-open-playground">
            {t('dashboard.playground')}
          </Button>
        )}
        {!active(state) && (
          <Button size="xs" variant="subtle" color="red" onClick={() => setConfirming(true)} data-testid="training-delete">
            {t('dashboard.delete')}
          </Button>
        )}
      </Group>
      {error && (
        <Text size="xs" c="red">
          {t('dashboard.actionFailed', { message: error.message })}
        </Text>
      )}
      {saveCheckpoint.data && (
        <Text size="xs" c="dimmed" data-testid="training-checkpoint-saved">
          {t('dashboard.checkpointSaved', { step: saveCheckpoint.data.step, path: saveCheckpoint.data.path })}
        </Text>
      )}
      <Modal opened={confirmingCancel} onClose={() => setConfirmingCancel(false)} title={t('dashboard.cancelTitle')}>
        <Stack>
          <Text size="sm">{lastCheckpoint === null ? t('dashboard.cancelConfirmNoCheckpoint') : t('dashboard.cancelConfirm', { step: lastCheckpoint })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmingCancel(false)} data-testid="training-cancel-keep">
              {t('dashboard.keepTraining')}
            </Button>
            <Button
              color="red"
              loading={cancel.isPending}
              data-testid="training-cancel-confirm"
              onClick={() => cancel.mutate({ runId: run.id }, { onSuccess: () => (setConfirmingCancel(false), onChanged(), refreshLists()) })}
            >
              {t('dashboard.cancelRun')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('dashboard.delete')}>
        <Stack>
          <Text size="sm">{t('dashboard.deleteConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              {t('dashboard.cancel')}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              data-testid="training-delete-confirm"
              onClick={() =>
                remove.mutate(
                  { runId: run.id, deleteOutput: false },
                  {
                    onSuccess: () => {
                      setConfirming(false);
                      refreshLists();
                      onDeleted();
                    },
                  },
                )
              }
            >
              {t('dashboard.delete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
