import { Alert, Button, Group, List, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdapterImportResult } from '../../../../electron/shared/contract/interop.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { FolderField } from './FolderField.tsx';

/** A PEFT or MLX LoRA folder → a GGUF adapter in the library, for the base the user picks. */
export function AdapterImportForm() {
  const { t } = useTranslation('interop');
  const queries = useQueryClient();
  const models = useApiQuery('models.list', {});
  const [baseId, setBaseId] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [name, setName] = useState('');
  const [result, setResult] = useState<AdapterImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const importAdapter = useApiMutation('interop.importAdapter');
  const ready = baseId !== null && from.trim() !== '' && !importAdapter.isPending;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!ready) return;
    setProblem(null);
    setResult(null);
    importAdapter.mutate(
      { from: from.trim(), model: baseId, ...(name.trim() ? { name: name.trim() } : {}) },
      {
        onSuccess: (imported) => {
          setResult(imported);
          for (const method of ['adapters.list', 'training.adapters']) void queries.invalidateQueries({ queryKey: [method] });
        },
        onError: (error) => setProblem(error.message),
      },
    );
  };

  return (
    <form onSubmit={submit} data-testid="adapter-import">
      <Stack gap="xs">
        <Text fw={600}>{t('import.title')}</Text>
        <Text size="sm" c="dimmed">
          {t('import.intro')}
        </Text>
        <Select
          label={t('base')}
          placeholder={t('basePlaceholder')}
          data={(models.data ?? []).map((model) => ({ value: model.id, label: model.name }))}
          value={baseId}
          onChange={setBaseId}
          searchable
          data-testid="adapter-import-base"
        />
        <FolderField label={t('import.folder')} placeholder={t('import.folderPlaceholder')} value={from} onChange={setFrom} testId="adapter-import-folder" />
        <TextInput label={t('import.name')} placeholder={t('import.namePlaceholder')} value={name} onChange={(event) => setName(event.currentTarget.value)} data-testid="adapter-import-name" />
        <Group>
          <Button type="submit" disabled={!ready} loading={importAdapter.isPending} data-testid="adapter-import-submit">
            {importAdapter.isPending ? t('import.running') : t('import.submit')}
          </Button>
        </Group>
        {problem && (
          <Alert color="red" role="alert" withCloseButton onClose={() => setProblem(null)} data-testid="adapter-import-problem">
            {problem}
          </Alert>
        )}
        {result && (
          <Alert color="green" data-testid="adapter-import-result">
            <Text size="sm">{t('import.done', { name: result.name, format: result.format.toUpperCase(), rank: result.ranks.join('/'), alpha: result.alpha, targets: result.targets.length })}</Text>
            <Text size="xs" ff="monospace">
              {result.path}
            </Text>
            <List size="xs">
              {result.declaredBase && <List.Item>{t('import.declaredBase', { base: result.declaredBase })}</List.Item>}
              {result.permutedQK.length > 0 && <List.Item>{t('import.permuted', { count: result.permutedQK.length })}</List.Item>}
              {result.rescaled.length > 0 && <List.Item>{t('import.rescaled', { modules: result.rescaled.join(', ') })}</List.Item>}
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
