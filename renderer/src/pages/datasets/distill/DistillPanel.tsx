import { Alert, Button, Card, Checkbox, Group, NumberInput, Progress, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistillProgress, DistillPromptSource, DistillResult } from '../../../../../electron/shared/contract/distill.ts';
import { api } from '../../../api/client.ts';
import { shownError } from '../../../api/errorText.ts';
import { useApiQuery } from '../../../api/hooks.ts';
import { useJob } from '../../../api/useJob.ts';
import { useRefreshDatasets } from '../datasetQueries.ts';
import { DistillOutcome } from './DistillOutcome.tsx';
import { PromptSourcePicker } from './PromptSourcePicker.tsx';

interface DistillPanelProps {
  readonly onOpen: (datasetId: string) => void;
}

/**
 * "A big model teaches a small one" as one flow: a teacher (+ adapter) answers a prompt set, the answers become an
 * SFT dataset (template tokens stripped), and the result links to the Training page to train a student on it.
 */
export function DistillPanel({ onOpen }: DistillPanelProps) {
  const { t } = useTranslation('distill');
  const refresh = useRefreshDatasets();
  const [teacher, setTeacher] = useState<string | null>(null);
  const [lora, setLora] = useState<string | null>(null);
  const [prompts, setPrompts] = useState<DistillPromptSource | null>(null);
  const [name, setName] = useState('');
  const [maxTokens, setMaxTokens] = useState<number>(512);
  const [temperature, setTemperature] = useState<number>(0);
  const [seed, setSeed] = useState<number>(1234);
  const [keepTruncated, setKeepTruncated] = useState(false);
  const [progress, setProgress] = useState<{ fraction: number | null; last: DistillProgress | null } | null>(null);
  const [result, setResult] = useState<DistillResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const models = useApiQuery('models.list', {});
  const adapters = useApiQuery('training.adapters', teacher ? { model: teacher } : {}, { enabled: teacher !== null, retry: false });

  const job = useJob(
    ['distill'],
    {
      onProgress: (items, update) => setProgress((current) => ({ fraction: update.fraction, last: items.at(-1) ?? current?.last ?? null })),
      onFinished: (end) => {
        setProgress(null);
        refresh();
        if (end.state === 'done') setResult(end.result);
        else if (end.state === 'cancelled') setProblem(t('cancelled'));
        else setProblem(end.error ? end.error.message : end.state);
      },
    },
    { reattach: true },
  );

  const ready = teacher !== null && prompts !== null && name.trim() !== '' && !job.running;
  const start = (): void => {
    if (!teacher || !prompts) return;
    setProblem(null);
    setResult(null);
    setProgress({ fraction: 0, last: null });
    job
      .start(() =>
        api.call('datasets.distillStart', { teacher, lora, prompts, name: name.trim(), settings: { maxTokens, temperature, seed, keepTruncated } }),
      )
      .catch((error: unknown) => {
        setProgress(null);
        setProblem(shownError(error));
      });
  };
  const last = progress?.last ?? null;

  return (
    <Card withBorder data-testid="distill-panel">
      <Title order={4}>{t('title')}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('intro')}
      </Text>
      <Stack gap="sm">
        <Select
          label={t('teacher')}
          placeholder={t('teacherPlaceholder')}
          data={(models.data ?? []).filter((model) => model.exists).map((model) => ({ value: model.id, label: model.name }))}
          value={teacher}
          onChange={(next) => {
            setTeacher(next);
            setLora(null);
          }}
          searchable
          data-testid="distill-teacher"
        />
        <Select
          label={t('lora')}
          placeholder={t('loraPlaceholder')}
          data={(adapters.data ?? []).filter((adapter) => adapter.exists).map((adapter) => ({ value: adapter.path, label: adapter.name }))}
          value={lora}
          onChange={setLora}
          clearable
          disabled={teacher === null}
        />
        <PromptSourcePicker value={prompts} onChange={setPrompts} />
        <TextInput label={t('name')} value={name} onChange={(event) => setName(event.currentTarget.value)} data-testid="distill-name" />
        <SimpleGrid cols={3}>
          <NumberInput label={t('maxTokens')} min={1} max={32768} value={maxTokens} onChange={(value) => setMaxTokens(typeof value === 'number' ? value : 512)} />
          <NumberInput
            label={t('temperature')}
            min={0}
            max={5}
            step={0.1}
            decimalScale={2}
            value={temperature}
            onChange={(value) => setTemperature(typeof value === 'number' ? value : 0)}
          />
          <NumberInput label={t('seed')} min={0} value={seed} onChange={(value) => setSeed(typeof value === 'number' ? value : 1234)} />
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt={-8}>
          {t('temperature')}: {t('temperatureHint')}
        </Text>
        <Checkbox label={t('keepTruncated')} checked={keepTruncated} onChange={(event) => setKeepTruncated(event.currentTarget.checked)} />
        <Group>
          <Button onClick={start} disabled={!ready} data-testid="distill-start">
            {t('start')}
          </Button>
          {job.running && (
            <Button variant="default" color="red" onClick={() => void job.cancel()} data-testid="distill-cancel">
              {t('cancel')}
            </Button>
          )}
        </Group>
        {progress && (
          <Stack gap={4} data-testid="distill-progress">
            <Progress value={(progress.fraction ?? 0) * 100} animated />
            {last && <Text size="sm">{t('progress', { done: last.done, total: last.total, kept: last.kept, skipped: last.skipped })}</Text>}
            {last && (
              <Text size="xs" c="dimmed" lineClamp={1}>
                {t('current', { prompt: last.prompt })}
              </Text>
            )}
          </Stack>
        )}
        {problem && (
          <Alert color={problem === t('cancelled') ? 'gray' : 'red'} data-testid="distill-problem">
            {problem}
          </Alert>
        )}
        {result && <DistillOutcome result={result} onOpen={onOpen} />}
      </Stack>
    </Card>
  );
}
