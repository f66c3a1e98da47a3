import { ActionIcon, Alert, Autocomplete, Button, Card, Group, MultiSelect, NumberInput, Progress, Stack, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvalProgress, EvalTaskSource } from '../../../../electron/shared/contract/evals.ts';
import { api } from '../../api/client.ts';
import { shownError } from '../../api/errorText.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { useJob } from '../../api/useJob.ts';

interface TargetDraft {
  model: string;
  lora: string;
}

const emptyTarget = (): TargetDraft => ({ model: '', lora: '' });

/** Models (base, chat, base + adapter), tasks and shots; the run is a job with progress and cancel, picked up again after a reload. */
export function EvalRunForm({ onFinished }: { onFinished(): void }) {
  const { t } = useTranslation('evals');
  const queries = useQueryClient();
  const library = useApiQuery('models.list', {}, { retry: false });
  const adapters = useApiQuery('adapters.list', {}, { retry: false });
  const builtins = useApiQuery('evals.builtins', {}, { retry: false });
  const [targets, setTargets] = useState<TargetDraft[]>([emptyTarget()]);
  const [builtinTasks, setBuiltinTasks] = useState<string[]>(['general-en']);
  const [files, setFiles] = useState('');
  const [shots, setShots] = useState<number>(0);
  const [limit, setLimit] = useState<number | ''>('');
  const [progress, setProgress] = useState<EvalProgress | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const refresh = (): void => void queries.invalidateQueries({ queryKey: ['evals.runs'] });
  const job = useJob(
    ['eval'],
    {
      onProgress: (items) => {
        const latest = items.at(-1);
        if (!latest) return;
        // A new run id means the one before it finished: the matrix has a new cell (not once per item).
        if (latest.runId !== progress?.runId) refresh();
        setProgress(latest);
      },
      onFinished: (event) => {
        setProgress(null);
        refresh();
        if (event.state === 'done') {
          setMessage({ text: t('run.done'), error: false });
          onFinished();
        } else {
          const why = event.error ? event.error.message : t(`states.${event.state}`);
          setMessage({ text: t('run.ended', { message: why }), error: event.state === 'failed' });
        }
      },
    },
    { reattach: true },
  );

  const names = library.data?.map((model) => model.name) ?? [];
  /** The library's adapters made for this model (all of them while the model is typed by path or not yet known). */
  const adapterNames = (model: string): string[] => {
    const entry = library.data?.find((candidate) => candidate.name === model.trim() || candidate.path === model.trim());
    return (adapters.data ?? []).filter((adapter) => !entry || adapter.baseModelPath === entry.path).map((adapter) => adapter.name);
  };
  /** A library adapter's name goes to the engine as its file; anything else (a path) as typed. */
  const adapterRef = (typed: string): string | null => {
    const value = typed.trim();
    if (value === '') return null;
    return adapters.data?.find((adapter) => adapter.name === value)?.path ?? value;
  };
  const update = (index: number, change: Partial<TargetDraft>): void => setTargets(targets.map((target, at) => (at === index ? { ...target, ...change } : target)));
  const fileTasks = files.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const tasks: EvalTaskSource[] = [...builtinTasks.map((name) => ({ kind: 'builtin' as const, name })), ...fileTasks.map((path) => ({ kind: 'file' as const, path }))];
  const ready = targets.every((target) => target.model.trim() !== '') && tasks.length > 0 && !job.running;

  const run = async (): Promise<void> => {
    setMessage(null);
    try {
      await job.start(() =>
        api.call('evals.start', {
          targets: targets.map((target) => ({ model: target.model.trim(), lora: adapterRef(target.lora) })),
          tasks,
          settings: { shots, limit: limit === '' ? null : limit },
        }),
      );
      refresh();
    } catch (error) {
      // A malformed task file is refused before the job starts, naming its line and field.
      setMessage({ text: shownError(error), error: true });
    }
  };

  return (
    <Stack>
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('targets.title')}
        </Title>
        <Stack gap="xs">
          {targets.map((target, index) => (
            <Group key={index} align="flex-end" wrap="nowrap" data-testid={`eval-target-${index}`}>
              <Autocomplete flex={3} label={t('targets.model')} placeholder={t('targets.modelPlaceholder')} data={names} value={target.model} onChange={(model) => update(index, { model })} data-testid={`eval-target-${index}-model`} />
              <Autocomplete
                flex={2}
                label={t('targets.lora')}
                placeholder={t('targets.loraPlaceholder')}
                data={adapterNames(target.model)}
                value={target.lora}
                onChange={(lora) => update(index, { lora })}
                data-testid={`eval-target-${index}-lora`}
              />
              <Tooltip label={t('targets.remove')}>
                <ActionIcon variant="subtle" color="red" mb={4} disabled={targets.length === 1} onClick={() => setTargets(targets.filter((_, at) => at !== index))} aria-label={t('targets.remove')}>
                  ×
                </ActionIcon>
              </Tooltip>
            </Group>
          ))}
          <Group>
            <Button variant="subtle" size="xs" disabled={targets.length >= 8} onClick={() => setTargets([...targets, emptyTarget()])}>
              {t('targets.add')}
            </Button>
          </Group>
        </Stack>
      </Card>
      <Card withBorder>
        <Title order={4} mb="sm">
          {t('tasks.title')}
        </Title>
        <Stack gap="xs">
          <MultiSelect
            label={t('tasks.builtin')}
            data={(builtins.data ?? []).map((task) => ({ value: task.name, label: `${task.name} · ${t('tasks.items', { count: task.items })}` }))}
            value={builtinTasks}
            onChange={setBuiltinTasks}
            data-testid="eval-builtin-tasks"
          />
          <Textarea
            label={t('tasks.file')}
            placeholder={t('tasks.filePlaceholder')}
            autosize
            minRows={1}
            value={files}
            onChange={(event) => setFiles(event.currentTarget.value)}
            data-testid="eval-task-files"
          />
          <Group grow>
            <NumberInput label={t('settings.shots')} description={t('settings.shotsHelp')} min={0} max={25} value={shots} onChange={(value) => setShots(typeof value === 'number' ? value : 0)} data-testid="eval-shots" />
            <NumberInput label={t('settings.limit')} placeholder={t('settings.limitPlaceholder')} min={1} value={limit} onChange={(value) => setLimit(typeof value === 'number' ? value : '')} data-testid="eval-limit" />
          </Group>
        </Stack>
      </Card>
      <Group>
        <Button onClick={() => void run()} disabled={!ready} data-testid="eval-run">
          {t('run.start')}
        </Button>
        {job.running && (
          <Button variant="light" color="red" onClick={() => void job.cancel()} data-testid="eval-cancel">
            {t('run.cancel')}
          </Button>
        )}
      </Group>
      {job.running && (
        <Stack gap={4} data-testid="eval-progress">
          <Progress value={progress ? (progress.done / progress.total) * 100 : 0} animated />
          {progress && <Text size="sm">{t('run.running', { done: progress.done, total: progress.total })}</Text>}
        </Stack>
      )}
      {message && (
        <Alert color={message.error ? 'red' : 'green'} data-testid="eval-message">
          {message.text}
        </Alert>
      )}
    </Stack>
  );
}
