import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunImportResult } from '../../../../../electron/shared/contract/interop.ts';
import { useApiMutation, useApiQuery } from '../../../api/hooks.ts';
import { FolderField } from '../../adapters/FolderField.tsx';

/** A Trainer's output (PEFT adapter + trainer_state.json) → an external run in the history, beside local runs. */
export function RunImportForm({ onImported }: { onImported(runId: string): void }) {
  const { t } = useTranslation('interop');
  const queries = useQueryClient();
  const models = useApiQuery('models.list', {});
  const [baseId, setBaseId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [name, setName] = useState('');
  const [result, setResult] = useState<RunImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const importRun = useApiMutation('interop.importRun');
  const ready = baseId !== null && from.trim() !== '' && !importRun.isPending;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!ready) return;
    setProblem(null);
    setResult(null);
    importRun.mutate(
      { from: from.trim(), model: baseId, ...(name.trim() ? { name: name.trim() } : {}) },
      {
        onSuccess: (imported) => {
          setResult(imported);
          for (const method of ['training.runs', 'training.adapters', 'adapters.list']) void queries.invalidateQueries({ queryKey: [method] });
          onImported(imported.runId);
        },
        onError: (error) => setProblem(error.message),
      },
    );
  };

  return (
    <form onSubmit={submit} data-testid="run-import">
      <Stack gap="xs">
        <Text fw={600}>{t('run.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('run.intro')}
        </Text>
        <FolderField label={t('run.folder')} placeholder={t('run.folderPlaceholder')} value={from} onChange={setFrom} testId="run-import-folder" />
        <Select
          label={t('base')}
          placeholder={t('basePlaceholder')}
          data={(models.data ?? []).map((model) => ({ value: model.id, label: model.name }))}
          value={baseId}
          onChange={setBaseId}
          searchable
          data-testid="run-import-base"
        />
        <TextInput label={t('run.name')} placeholder={t('run.namePlaceholder')} value={name} onChange={(event) => setName(event.currentTarget.value)} data-testid="run-import-name" />
        <Group>
          <Button type="submit" disabled={!ready} loading={importRun.isPending} data-testid="run-import-submit">
            {t('run.submit')}
          </Button>
        </Group>
        {problem && (
          <Alert color="red" role="alert" withCloseButton onClose={() => setProblem(null)} data-testid="run-import-problem">
            {problem}
          </Alert>
        )}
        {result && (
          <Alert color="green" data-testid="run-import-result">
            <Text size="sm">{t('run.done', { name: result.name, steps: result.steps, loss: result.finalLoss?.toFixed(4) ?? '?' })}</Text>
            <Text size="xs" ff="monospace">
              {result.adapterPath}
            </Text>
          </Alert>
        )}
      </Stack>
    </form>
  );
}
