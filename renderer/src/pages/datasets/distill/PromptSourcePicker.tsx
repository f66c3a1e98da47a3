import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistillPromptSource } from '../../../../../electron/shared/contract/distill.ts';
import { shownError } from '../../../api/errorText.ts';
import { useApiQuery } from '../../../api/hooks.ts';

interface PromptSourcePickerProps {
  readonly value: DistillPromptSource | null;
  readonly onChange: (source: DistillPromptSource | null) => void;
}

/** Prompts from a dataset's user turns, a typed path, or a picked file (sent as text); shows the count or the refusal. */
export function PromptSourcePicker({ value, onChange }: PromptSourcePickerProps) {
  const { t } = useTranslation('distill');
  const [from, setFrom] = useState<'dataset' | 'file'>(value?.kind === 'dataset' ? 'dataset' : 'file');
  const [path, setPath] = useState(value?.kind === 'file' ? value.path : '');
  const fileInput = useRef<HTMLInputElement>(null);
  // A typed path is read once the typing settles, not at every key.
  const [settledPath] = useDebouncedValue(path.trim(), 400);
  useEffect(() => {
    if (from === 'file' && value?.kind !== 'text' && settledPath !== (value?.kind === 'file' ? value.path : '')) onChange(settledPath === '' ? null : { kind: 'file', path: settledPath });
  }, [settledPath]); // eslint-disable-line react-hooks/exhaustive-deps
  const datasets = useApiQuery('datasets.list', {});
  const read = useApiQuery('datasets.distillPrompts', { prompts: value ?? { kind: 'file', path: '-' } }, { enabled: value !== null, retry: false });

  const pickFile = async (file: File | undefined): Promise<void> => {
    if (file) onChange({ kind: 'text', fileName: file.name, text: await file.text() });
  };

  return (
    <Stack gap="xs">
      <SegmentedControl
        value={from}
        onChange={(next) => {
          setFrom(next === 'dataset' ? 'dataset' : 'file');
          onChange(null);
        }}
        data={[
          { value: 'dataset', label: t('fromDataset') },
          { value: 'file', label: t('fromFile') },
        ]}
        aria-label={t('promptsFrom')}
      />
      {from === 'dataset' ? (
        <Select
          label={t('promptsDataset')}
          placeholder={t('promptsDatasetPlaceholder')}
          data={(datasets.data ?? []).filter((dataset) => dataset.kind !== 'pretrain').map((dataset) => ({ value: dataset.id, label: dataset.name }))}
          value={value?.kind === 'dataset' ? value.datasetId : null}
          onChange={(datasetId) => onChange(datasetId ? { kind: 'dataset', datasetId } : null)}
          searchable
          data-testid="distill-prompts-dataset"
        />
      ) : (
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            flex={1}
            label={t('promptsPath')}
            description={t('promptsPathHint')}
            value={path}
            onChange={(event) => setPath(event.currentTarget.value)}
            data-testid="distill-prompts-path"
          />
          <Button variant="default" onClick={() => fileInput.current?.click()}>
            {t('choose')}
          </Button>
          <input ref={fileInput} type="file" accept=".jsonl,.ndjson,.txt" hidden onChange={(event) => void pickFile(event.currentTarget.files?.[0])} />
        </Group>
      )}
      {value?.kind === 'text' && <Text size="sm">{t('chosen', { name: value.fileName })}</Text>}
      {value !== null && read.data && (
        <Text size="sm" c="dimmed" data-testid="distill-prompt-count">
          {t('count', { count: read.data.total, first: read.data.first[0] ?? '' })}
        </Text>
      )}
      {value !== null && read.error && (
        <Text size="sm" c="red" data-testid="distill-prompts-error">
          {shownError(read.error)}
        </Text>
      )}
    </Stack>
  );
}
