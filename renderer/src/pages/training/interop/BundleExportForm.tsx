import { Alert, Button, Checkbox, Code, Group, List, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BundleExportResult, BundleTargetName } from '../../../../../electron/shared/contract/interop.ts';
import { useApiMutation, useApiQuery } from '../../../api/hooks.ts';

/** A run's settings → a ready-to-run LLaMA-Factory or TRL folder for a cluster. */
export function BundleExportForm() {
  const { t } = useTranslation('interop');
  const runs = useApiQuery('training.runs', { limit: 100 });
  const [runId, setRunId] = useState<string | null>(null);
  const [target, setTarget] = useState<BundleTargetName>('llama-factory');
  const [outDir, setOutDir] = useState('');
  const [baseModelId, setBaseModelId] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [result, setResult] = useState<BundleExportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const exportBundle = useApiMutation('interop.exportBundle');
  const ready = runId !== null && outDir.trim() !== '' && !exportBundle.isPending;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!ready) return;
    setProblem(null);
    setResult(null);
    exportBundle.mutate(
      { runId, target, outDir: outDir.trim(), overwrite, ...(baseModelId.trim() ? { baseModelId: baseModelId.trim() } : {}) },
      { onSuccess: setResult, onError: (error) => setProblem(error.message) },
    );
  };

  return (
    <form onSubmit={submit} data-testid="bundle-export">
      <Stack gap="xs">
        <Text fw={600}>{t('bundle.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('bundle.intro')}
        </Text>
        <Select
          label={t('bundle.run')}
          placeholder={t('bundle.runPlaceholder')}
          data={(runs.data ?? []).map((run) => ({ value: run.id, label: `${run.name} (${run.objective}, ${run.state})` }))}
          value={runId}
          onChange={setRunId}
          searchable
          data-testid="bundle-export-run"
        />
        <div>
          <Text size="sm" fw={500} id="bundle-target-label">
            {t('bundle.target')}
          </Text>
          <SegmentedControl
            aria-labelledby="bundle-target-label"
            value={target}
            onChange={(value) => setTarget(value as BundleTargetName)}
            data={[
              { value: 'llama-factory', label: 'LLaMA-Factory' },
              { value: 'trl', label: 'TRL + accelerate' },
            ]}
            data-testid="bundle-export-target"
          />
        </div>
        <TextInput label={t('outDir')} placeholder={t('outDirPlaceholder')} value={outDir} onChange={(event) => setOutDir(event.currentTarget.value)} data-testid="bundle-export-out" />
        <TextInput label={t('baseModelId')} placeholder={t('baseModelIdPlaceholder')} value={baseModelId} onChange={(event) => setBaseModelId(event.currentTarget.value)} data-testid="bundle-export-hf-id" />
        <Checkbox label={t('overwrite')} checked={overwrite} onChange={(event) => setOverwrite(event.currentTarget.checked)} />
        <Group>
          <Button type="submit" disabled={!ready} loading={exportBundle.isPending} data-testid="bundle-export-submit">
            {t('bundle.submit')}
          </Button>
        </Group>
        {problem && (
          <Alert color="red" role="alert" withCloseButton onClose={() => setProblem(null)} data-testid="bundle-export-problem">
            {problem}
          </Alert>
        )}
        {result && (
          <Alert color="green" data-testid="bundle-export-result">
            <Text size="sm">{t('bundle.done', { dir: result.outDir, rows: result.trainRows })}</Text>
            <Text size="xs">{t('bundle.command')}</Text>
            <Code block>{result.command}</Code>
            <Text size="xs" ff="monospace">
              {result.files.join(', ')}
            </Text>
            <List size="xs">
              <List.Item>{result.baseModel.id ? t('baseModelFound', { id: result.baseModel.id, source: result.baseModel.source }) : t('baseModelMissing')}</List.Item>
              {result.unmapped.map((note) => (
                <List.Item key={note}>{t('bundle.unmapped', { note })}</List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </form>
  );
}
