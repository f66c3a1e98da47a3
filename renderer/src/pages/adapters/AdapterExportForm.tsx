import { Alert, Button, Checkbox, Group, List, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdapterExportResult } from '../../../../electron/shared/contract/interop.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';

/** A library adapter → a PEFT folder transformers, PEFT and vLLM load. */
export function AdapterExportForm() {
  const { t } = useTranslation('interop');
  const adapters = useApiQuery('adapters.list', {});
  const [adapterId, setAdapterId] = useState<string | null>(null);
  const [outDir, setOutDir] = useState('');
  const [baseModelId, setBaseModelId] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [result, setResult] = useState<AdapterExportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const exportAdapter = useApiMutation('interop.exportAdapter');
  const ready = adapterId !== null && outDir.trim() !== '' && !exportAdapter.isPending;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!ready) return;
    setProblem(null);
    setResult(null);
    exportAdapter.mutate(
      { adapterId, outDir: outDir.trim(), overwrite, ...(baseModelId.trim() ? { baseModelId: baseModelId.trim() } : {}) },
      { onSuccess: setResult, onError: (error) => setProblem(error.message) },
    );
  };

  return (
    <form onSubmit={submit} data-testid="adapter-export">
      <Stack gap="xs">
        <Text fw={600}>{t('export.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('export.intro')}
        </Text>
        <Select
          label={t('export.adapter')}
          placeholder={t('export.adapterPlaceholder')}
          data={(adapters.data ?? []).map((adapter) => ({ value: adapter.id, label: adapter.name }))}
          value={adapterId}
          onChange={setAdapterId}
          searchable
          data-testid="adapter-export-adapter"
        />
        <TextInput label={t('outDir')} placeholder={t('outDirPlaceholder')} value={outDir} onChange={(event) => setOutDir(event.currentTarget.value)} data-testid="adapter-export-out" />
        <TextInput label={t('baseModelId')} placeholder={t('baseModelIdPlaceholder')} value={baseModelId} onChange={(event) => setBaseModelId(event.currentTarget.value)} data-testid="adapter-export-hf-id" />
        <Checkbox label={t('overwrite')} checked={overwrite} onChange={(event) => setOverwrite(event.currentTarget.checked)} data-testid="adapter-export-overwrite" />
        <Group>
          <Button type="submit" disabled={!ready} loading={exportAdapter.isPending} data-testid="adapter-export-submit">
            {t('export.submit')}
          </Button>
        </Group>
        {problem && (
          <Alert color="red" role="alert" withCloseButton onClose={() => setProblem(null)} data-testid="adapter-export-problem">
            {problem}
          </Alert>
        )}
        {result && (
          <Alert color="green" data-testid="adapter-export-result">
            <Text size="sm">{t('export.done', { r: result.r, alpha: result.loraAlpha, modules: result.targetModules.join(', ') })}</Text>
            <Text size="xs" ff="monospace">
              {result.outDir}: {result.files.join(', ')}
            </Text>
            <List size="xs">
              <List.Item>{result.baseModel.id ? t('baseModelFound', { id: result.baseModel.id, source: result.baseModel.source }) : t('baseModelMissing')}</List.Item>
              {result.notes.map((note) => (
                <List.Item key={note}>{note}</List.Item>
              ))}
            </List>
          </Alert>
        )}
      </Stack>
    </form>
  );
}
