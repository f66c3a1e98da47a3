import { Alert, Button, Group, Kbd, Progress, SimpleGrid, Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContenderInput } from '../../../../electron/shared/contract/compare.ts';
import { useSessionState } from '../../app/sessionStore.ts';
import { ColumnCard } from './ColumnCard.tsx';
import { sideBySideRunId } from './compareStore.ts';
import { cellAt } from './compareJobState.ts';
import { ExportMenu } from './ExportMenu.tsx';
import { OutputDiff } from './OutputDiff.tsx';
import type { PlacementChoice } from './PlacementBadge.tsx';
import { PromptBox } from './PromptBox.tsx';
import type { PromptSettings } from './promptSettings.ts';
import { runOnShortcut } from './runOnShortcut.ts';
import { startCompareRun } from './startCompareRun.ts';
import type { CompareJob } from './useCompareJob.ts';
import { useSyncedScroll } from './useSyncedScroll.ts';

interface SideBySidePanelProps {
  readonly contenders: readonly ContenderInput[];
  readonly labels: readonly string[];
  readonly settings: PromptSettings;
  readonly onSettings: (settings: PromptSettings) => void;
  readonly placement: PlacementChoice;
  readonly job: CompareJob;
  readonly onToShift: (text: string, column: number) => void;
}

/** One prompt, every column streaming at once: the heart of Compare. */
export function SideBySidePanel({ contenders, labels, settings, onSettings, placement, job, onToShift }: SideBySidePanelProps) {
  const { t } = useTranslation('compare');
  const [runId, setRunId] = useSessionState(sideBySideRunId);
  const [problem, setProblem] = useState<string | null>(null);
  const [syncScroll, setSyncScroll] = useState(true);
  const [showDiff, setShowDiff] = useState(false);
  const [diffPair, setDiffPair] = useState<[number, number]>([0, 1]);
  const scroll = useSyncedScroll(syncScroll);
  const { state } = job;
  // Before the first run the columns follow the contenders being set up; after it, the run's own columns.
  const started = state.labels.length > 0;
  const shownLabels = started ? state.labels : labels;
  const columns = started ? state.columns : Math.max(2, labels.length);
  const texts = Array.from({ length: columns }, (_, column) => cellAt(state, 0, column).text);

  const run = async (): Promise<void> => {
    if (job.running) return;
    if (contenders.length < 2) return setProblem(t('run.needTwo'));
    if (settings.prompt.trim() === '') return setProblem(t('run.needPrompt'));
    setProblem(null);
    setDiffPair([0, Math.min(1, contenders.length - 1)]);
    const failed = await startCompareRun(job, { contenders, labels, prompts: [settings.prompt], settings, placement }, setRunId);
    if (failed !== null) setProblem(failed);
  };

  return (
    <Stack gap="sm" onKeyDown={runOnShortcut(() => void run())}>
      <PromptBox value={settings} onChange={onSettings} />
      <Group justify="space-between">
        <Group gap="xs">
          {job.running ? (
            <Button color="red" variant="light" onClick={job.cancel} data-testid="compare-cancel">
              {t('run.cancel')}
            </Button>
          ) : (
            <Button onClick={() => void run()} data-testid="compare-run">
              {t('run.run')}
            </Button>
          )}
          <Kbd size="xs">{t('run.shortcut')}</Kbd>
        </Group>
        <Group gap="md">
          <Switch size="xs" label={t('view.syncScroll')} checked={syncScroll} onChange={(event) => setSyncScroll(event.currentTarget.checked)} />
          <Switch size="xs" label={t('view.diff')} checked={showDiff} onChange={(event) => setShowDiff(event.currentTarget.checked)} data-testid="compare-diff-toggle" />
          <ExportMenu runId={state.finished ? (state.record?.id ?? runId) : null} />
        </Group>
      </Group>
      {problem && (
        <Alert color="red" data-testid="compare-problem" withCloseButton onClose={() => setProblem(null)}>
          {problem}
        </Alert>
      )}
      {state.error && (
        <Alert color="red" title={t('run.failed')}>
          {state.error}
        </Alert>
      )}
      {state.plan?.placement === 'sequential' && (
        <Alert color="orange" p="xs" data-testid="sequential-note">
          <Text size="sm">{t('placement.sequentialNote')}</Text>
          <Text size="xs" c="dimmed">
            {state.plan.reason}
          </Text>
        </Alert>
      )}
      {job.running && <Progress value={state.fraction * 100} size="xs" animated data-testid="compare-progress" />}
      <SimpleGrid cols={{ base: 1, md: Math.min(columns, 4) }} spacing="sm">
        {Array.from({ length: columns }, (_, column) => (
          <ColumnCard
            key={column}
            index={column}
            label={shownLabels[column] ?? ''}
            live={cellAt(state, 0, column)}
            scrollRef={scroll.register(column)}
            onScroll={scroll.onScroll(column)}
            onToShift={(text) => onToShift(text, column)}
            height={columns > 2 ? 300 : 360}
          />
        ))}
      </SimpleGrid>
      {showDiff && columns >= 2 && (
        <OutputDiff labels={shownLabels} texts={texts} left={Math.min(diffPair[0], columns - 1)} right={Math.min(diffPair[1], columns - 1)} onPair={(left, right) => setDiffPair([left, right])} />
      )}
    </Stack>
  );
}
