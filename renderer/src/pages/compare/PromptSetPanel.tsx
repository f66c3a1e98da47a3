import { Alert, Button, FileButton, Group, Kbd, Progress, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContenderInput } from '../../../../electron/shared/contract/compare.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { useSessionState } from '../../app/sessionStore.ts';
import { finishedCells } from './compareJobState.ts';
import { promptSetFileName, promptSetName, promptSetRunId, promptSetText } from './compareStore.ts';
import { ExportMenu } from './ExportMenu.tsx';
import type { PlacementChoice } from './PlacementBadge.tsx';
import type { PromptSettings } from './promptSettings.ts';
import { ResultsTable } from './ResultsTable.tsx';
import { runOnShortcut } from './runOnShortcut.ts';
import { startCompareRun } from './startCompareRun.ts';
import type { CompareJob } from './useCompareJob.ts';

interface PromptSetPanelProps {
  readonly contenders: readonly ContenderInput[];
  readonly labels: readonly string[];
  readonly settings: PromptSettings;
  readonly placement: PlacementChoice;
  readonly job: CompareJob;
}

/** A list of prompts across the contenders as one batch: progress, a results table, export; saved in history. */
export function PromptSetPanel({ contenders, labels, settings, placement, job }: PromptSetPanelProps) {
  const { t } = useTranslation('compare');
  const [text, setText] = useSessionState(promptSetText);
  const [fileName, setFileName] = useSessionState(promptSetFileName);
  const [name, setName] = useSessionState(promptSetName);
  const [problem, setProblem] = useState<string | null>(null);
  const [runId, setRunId] = useSessionState(promptSetRunId);
  const [debounced] = useDebouncedValue(text, 300);
  const parsed = useApiQuery('compare.parsePrompts', { text: debounced, fileName }, { enabled: debounced.trim() !== '', retry: false });
  const { state } = job;
  const prompts = state.promptTexts;
  const total = state.prompts * state.columns;

  const run = async (): Promise<void> => {
    if (job.running) return;
    if (contenders.length < 2) return setProblem(t('run.needTwo'));
    const set = parsed.data?.prompts;
    if (!set || set.length === 0) return setProblem(parsed.error?.message ?? t('run.needPrompt'));
    setProblem(null);
    const failed = await startCompareRun(job, { contenders, labels, prompts: set, settings, placement, title: name.trim() }, setRunId);
    if (failed !== null) setProblem(failed);
  };

  return (
    <Stack gap="sm" onKeyDown={runOnShortcut(() => void run())}>
      <Text size="sm" c="dimmed">
        {t('sets.intro')}
      </Text>
      <Textarea
        label={t('sets.prompts')}
        placeholder={t('sets.placeholder')}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        autosize
        minRows={4}
        maxRows={14}
        data-testid="set-prompts"
      />
      <Group gap="sm" align="flex-end">
        <FileButton
          accept=".txt,.json,.jsonl,text/plain,application/json"
          onChange={(file) => {
            if (!file) return;
            setFileName(file.name);
            void file.text().then(setText);
          }}
        >
          {(props) => (
            <Button size="xs" variant="default" {...props}>
              {t('sets.loadFile')}
            </Button>
          )}
        </FileButton>
        <TextInput size="xs" w={260} label={t('sets.name')} value={name} onChange={(event) => setName(event.currentTarget.value)} />
        {parsed.data && (
          <Text size="sm" data-testid="set-count">
            {t('sets.count', { count: parsed.data.prompts.length })}
          </Text>
        )}
      </Group>
      {parsed.error && debounced.trim() !== '' && (
        <Alert color="red" p="xs" data-testid="set-parse-error">
          {parsed.error.message}
        </Alert>
      )}
      <Group gap="xs">
        {job.running ? (
          <Button color="red" variant="light" onClick={job.cancel}>
            {t('run.cancel')}
          </Button>
        ) : (
          <Button onClick={() => void run()} disabled={!parsed.data} data-testid="set-run">
            {t('sets.run')}
          </Button>
        )}
        <Kbd size="xs">{t('run.shortcut')}</Kbd>
      </Group>
      {problem && <Alert color="red">{problem}</Alert>}
      {state.error && <Alert color="red">{state.error}</Alert>}
      {prompts.length > 0 && (
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={5}>{t('sets.results')}</Title>
            <Group gap="sm">
              <Text size="sm" data-testid="set-progress-text">
                {t('sets.progress', { done: finishedCells(state), total })}
              </Text>
              <ExportMenu runId={state.finished ? (state.record?.id ?? runId) : null} testId="set-export" />
            </Group>
          </Group>
          <Progress value={state.fraction * 100} size="sm" animated={job.running} data-testid="set-progress" />
          <ResultsTable state={state} prompts={prompts} />
        </Stack>
      )}
    </Stack>
  );
}
