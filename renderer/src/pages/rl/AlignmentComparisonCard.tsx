import { Alert, Button, Card, Group, NumberInput, Progress, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlignmentMethod, AlignmentRow, AlignmentStage, CompareAlignmentInput, CompareAlignmentProgress } from '../../../../electron/shared/contract/alignmentComparison.ts';
import { api } from '../../api/client.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { useJob } from '../../api/useJob.ts';
import { shownError } from '../../api/errorText.ts';

const percent = (value: number): string => `${(100 * value).toFixed(1)}%`;

/**
 * The lectures' experiment on the nano world: refusal SFT, DPO and GRPO from one warm start of a world chat model,
 * each for the same steps, measured on one probe none of them trained on. The table fills in as each method is
 * measured: known facts kept, nonexistent people refused, known people refused (over-refusal), and how varied the
 * sampled replies stay.
 */
export function AlignmentComparisonCard() {
  const { t } = useTranslation('rl');
  const models = useApiQuery('models.list', {});
  const [modelId, setModelId] = useState<string | null>(null);
  const [worldDir, setWorldDir] = useState('');
  const [outDir, setOutDir] = useState('');
  const [steps, setSteps] = useState(60);
  const [rows, setRows] = useState<AlignmentRow[]>([]);
  const [stage, setStage] = useState<{ method: AlignmentMethod; stage: AlignmentStage } | null>(null);
  const [fraction, setFraction] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const job = useJob(
    ['compare-alignment'],
    {
      onProgress: (items: CompareAlignmentProgress[], progress) => {
        setFraction(progress.fraction);
        for (const item of items) {
          if (item.type === 'row') setRows((current) => [...current.filter((row) => row.method !== item.row.method), item.row]);
          else if (item.type === 'stage') setStage({ method: item.method, stage: item.stage });
        }
      },
      onFinished: (end) => {
        if (end.state === 'done' && end.result) setRows(end.result.rows);
        else if (end.state === 'failed') setProblem(end.error?.message ?? 'failed');
        setStage(null);
      },
    },
    { reattach: true },
  );
  const ready = modelId !== null && worldDir.trim() !== '' && outDir.trim() !== '' && !job.running;

  const start = (): void => {
    if (!ready) return;
    setRows([]);
    setProblem(null);
    setFraction(0);
    const input: CompareAlignmentInput = { worldDir: worldDir.trim(), modelPath: modelId, outDir: outDir.trim(), steps };
    job.start(() => api.call('rl.compareAlignmentStart', input)).catch((error: unknown) => setProblem(shownError(error)));
  };

  return (
    <Card withBorder data-testid="alignment-comparison">
      <Stack gap="sm">
        <Title order={4}>{t('alignment.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('alignment.intro')}
        </Text>
        <Group grow align="flex-end">
          <Select
            label={t('alignment.model')}
            placeholder={t('form.modelPlaceholder')}
            data={(models.data ?? []).map((entry) => ({ value: entry.id, label: entry.name }))}
            value={modelId}
            onChange={setModelId}
            searchable
          />
          <TextInput label={t('alignment.world')} value={worldDir} onChange={(e) => setWorldDir(e.currentTarget.value)} />
          <TextInput label={t('alignment.out')} value={outDir} onChange={(e) => setOutDir(e.currentTarget.value)} />
          <NumberInput label={t('alignment.steps')} value={steps} min={1} max={10000} onChange={(v) => setSteps(Number(v) || 60)} />
        </Group>
        <Group>
          <Button onClick={start} disabled={!ready}>
            {t('alignment.start')}
          </Button>
          {job.running && (
            <Button color="red" variant="light" onClick={() => void job.cancel()}>
              {t('form.cancel')}
            </Button>
          )}
        </Group>
        {fraction !== null && job.running && <Progress value={fraction * 100} />}
        {stage && job.running && (
          <Text size="xs" c="dimmed" data-testid="alignment-stage">
            {t('alignment.stageLine', { method: t(`alignment.methods.${stage.method}`), stage: t(`alignment.stage.${stage.stage.code}`, stage.stage.params as Record<string, unknown>) })}
          </Text>
        )}
        {problem && <Alert color="red">{problem}</Alert>}
        {rows.length > 0 && (
          <Table striped withTableBorder fz="sm" data-testid="alignment-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('alignment.method')}</Table.Th>
                <Table.Th>{t('alignment.knownCorrect')}</Table.Th>
                <Table.Th>{t('alignment.nonexistentRefused')}</Table.Th>
                <Table.Th>{t('alignment.overRefusal')}</Table.Th>
                <Table.Th>{t('alignment.trainedRefused')}</Table.Th>
                <Table.Th>{t('alignment.distinctReplies')}</Table.Th>
                <Table.Th>{t('alignment.distinct2')}</Table.Th>
                <Table.Th>{t('alignment.seconds')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.method}>
                  <Table.Td>{t(`alignment.methods.${row.method}`)}</Table.Td>
                  <Table.Td>{percent(row.measures.knownAccuracy)}</Table.Td>
                  <Table.Td>{percent(row.measures.nonexistentRefusal)}</Table.Td>
                  <Table.Td>{percent(row.measures.overRefusal)}</Table.Td>
                  <Table.Td>{percent(row.measures.trainedNonexistentRefusal)}</Table.Td>
                  <Table.Td>{row.measures.distinctReplies.toFixed(2)}</Table.Td>
                  <Table.Td>{row.measures.distinct2.toFixed(2)}</Table.Td>
                  <Table.Td>{row.trainSeconds.toFixed(1)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Text size="xs" c="dimmed">
          {t('alignment.reading')}
        </Text>
      </Stack>
    </Card>
  );
}
