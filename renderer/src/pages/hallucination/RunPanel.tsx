import { Alert, Button, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { runSettingsSchema, type RunProgress, type RunSettings, type SuiteSource } from '../../../../electron/shared/contract/hallucination.ts';
import { useApiMutation, useJobEvents } from '../../api/hooks.ts';
import { RunSettingsForm } from './RunSettingsForm.tsx';
import { SuitePicker } from './SuitePicker.tsx';
import { emptyTarget, TargetRows, toRunTarget, type TargetDraft } from './TargetRows.tsx';
import { parseJobProgress } from '../../../../electron/shared/contract/jobPayloads.ts';

/** Choose a suite, the models and the settings; the run is a job with progress and cancel. */
export function RunPanel({ onFinished }: { onFinished(runIds: string[]): void }) {
  const { t } = useTranslation('hallucination');
  const queries = useQueryClient();
  const [source, setSource] = useState<SuiteSource>({ kind: 'builtin' });
  const [categories, setCategories] = useState<string[]>([]);
  const [targets, setTargets] = useState<TargetDraft[]>([emptyTarget()]);
  const [settings, setSettings] = useState<RunSettings>(() => runSettingsSchema.parse({}));
  const [job, setJob] = useState<{ jobId: string; runIds: string[] } | null>(null);
  const [progress, setProgress] = useState<RunProgress | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const start = useApiMutation('hallucination.run');
  const cancel = useApiMutation('jobs.cancel');

  useJobEvents(job?.jobId ?? null, {
    onProgress: (event) => {
      const latest = parseJobProgress('hallucination', event.data).at(-1);
      if (latest) setProgress(latest);
    },
    onFinished: (event) => {
      const runIds = job?.runIds ?? [];
      setJob(null);
      setProgress(null);
      void queries.invalidateQueries({ queryKey: ['hallucination.listRuns'] });
      if (event.state === 'done') {
        setMessage({ text: t('run.done'), error: false });
        onFinished(runIds);
      } else setMessage({ text: t('run.failed', { message: event.error?.message ?? event.state }), error: event.state === 'failed' });
    },
  });

  const ready = targets.every((target) => target.model.trim() !== '') && (source.kind !== 'file' || source.path.trim() !== '');
  const run = (): void => {
    setMessage(null);
    start.mutate(
      { targets: targets.map(toRunTarget), suite: source.kind === 'file' ? { kind: 'file', path: source.path.trim() } : source, ...(categories.length > 0 ? { categories } : {}), settings },
      { onSuccess: (started) => setJob(started), onError: (error) => setMessage({ text: error.message, error: true }) },
    );
  };

  return (
    <Stack>
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('suite.label')}
        </Title>
        <SuitePicker source={source} onSource={setSource} categories={categories} onCategories={setCategories} />
      </Card>
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('targets.title')}
        </Title>
        <TargetRows targets={targets} onChange={setTargets} />
      </Card>
      <Card withBorder>
        <RunSettingsForm settings={settings} onChange={setSettings} />
      </Card>
      <Group>
        <Button onClick={run} disabled={!ready || job !== null} loading={start.isPending} data-testid="run-suite">
          {t('run.start')}
        </Button>
        {job && (
          <Button variant="light" color="red" onClick={() => cancel.mutate({ jobId: job.jobId })} data-testid="cancel-run">
            {t('run.cancel')}
          </Button>
        )}
      </Group>
      {job && (
        <Stack gap={4} data-testid="run-progress">
          <Progress value={progress ? (progress.done / progress.total) * 100 : 0} animated />
          {progress && <Text size="sm">{t('run.running', { done: progress.done, total: progress.total })}</Text>}
        </Stack>
      )}
      {message && (
        <Alert color={message.error ? 'red' : 'green'} data-testid="run-message">
          {message.text}
        </Alert>
      )}
    </Stack>
  );
}
