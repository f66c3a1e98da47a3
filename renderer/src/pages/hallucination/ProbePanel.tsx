import { Alert, Button, Card, Group, List, Select, Slider, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrainingExport } from '../../../../electron/shared/contract/hallucination.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';

/** Knowledge probing → "I don't know" SFT and DPO sets, written to the datasets folder and imported into Datasets. */
export function ProbePanel({ defaultRunId }: { defaultRunId: string | null }) {
  const { t } = useTranslation('hallucination');
  const runs = useApiQuery('hallucination.listRuns', {});
  const [runId, setRunId] = useState<string | null>(defaultRunId);
  const [threshold, setThreshold] = useState(0.5);
  const [name, setName] = useState('');
  const run = useApiQuery('hallucination.getRun', { runId: runId ?? '' }, { enabled: runId !== null });
  const exportSets = useApiMutation('hallucination.exportTrainingSets');
  const [exported, setExported] = useState<TrainingExport | null>(null);

  // A preview of the engine's split (unanswerable items are never "known"); the export reports the real counts.
  const items = run.data?.items ?? [];
  const known = items.filter((item) => item.expected !== 'refuse' && item.correctFraction >= threshold).length;
  const doneRuns = (runs.data ?? []).filter((record) => record.state !== 'running');

  return (
    <Stack>
      <Text c="dimmed">{t('probe.intro')}</Text>
      <Card withBorder>
        <Stack>
          <Select
            label={t('probe.run')}
            placeholder={t('probe.pickRun')}
            value={runId}
            onChange={(value) => {
              setRunId(value);
              setExported(null);
            }}
            data={doneRuns.map((record) => ({ value: record.id, label: `${record.label} · ${record.settings.samples}× · ${record.createdAt.slice(0, 16).replace('T', ' ')}` }))}
            data-testid="probe-run"
          />
          {run.data && run.data.run.settings.samples === 1 && <Alert color="yellow">{t('probe.fewSamples')}</Alert>}
          <div>
            <Text size="sm">{t('probe.threshold', { percent: Math.round(threshold * 100) })}</Text>
            <Slider min={0.1} max={1} step={0.05} value={threshold} onChange={setThreshold} label={(value) => `${Math.round(value * 100)}%`} data-testid="probe-threshold" />
          </div>
          {run.data && (
            <Group data-testid="probe-split">
              <Text>{t('probe.known', { count: known })}</Text>
              <Text>{t('probe.unknown', { count: items.length - known })}</Text>
            </Group>
          )}
          <Group align="flex-end">
            <TextInput label={t('probe.name')} placeholder={runId ? `idk-${runId.slice(0, 8)}` : ''} value={name} onChange={(event) => setName(event.currentTarget.value)} />
            <Button
              disabled={runId === null}
              loading={exportSets.isPending}
              onClick={() => exportSets.mutate({ runId: runId!, knownThreshold: threshold, ...(name.trim() ? { name: name.trim() } : {}) }, { onSuccess: setExported })}
              data-testid="probe-export"
            >
              {t('probe.export')}
            </Button>
          </Group>
          {exportSets.error && <Alert color="red">{exportSets.error.message}</Alert>}
        </Stack>
      </Card>
      {exported && (
        <Alert color="green" data-testid="probe-exported">
          <Text size="sm">{t('probe.exported')}</Text>
          <List size="sm">
            <List.Item>
              {t('probe.sft', { rows: exported.sft.rows })}: <code>{exported.sft.path}</code>
              {exported.sft.problems > 0 && ` · ${t('probe.importProblems', { count: exported.sft.problems })}`}
            </List.Item>
            <List.Item>
              {t('probe.dpo', { rows: exported.dpo.rows, reverse: exported.dpo.reversePairs })}: <code>{exported.dpo.path}</code>
              {exported.dpo.problems > 0 && ` · ${t('probe.importProblems', { count: exported.dpo.problems })}`}
            </List.Item>
            {exported.skipped.length > 0 && <List.Item>{t('probe.skipped', { count: exported.skipped.length })}</List.Item>}
          </List>
          <Text size="sm" mt="xs">
            {t('probe.next')}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
