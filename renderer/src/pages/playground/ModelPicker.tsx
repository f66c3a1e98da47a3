import { ActionIcon, Badge, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdapterRef } from '../../../../electron/shared/contract/generate.ts';
import { useQueryClient } from '@tanstack/react-query';
import { modelChoiceLabel } from '../../app/modelChoiceLabel.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';

interface ModelPickerProps {
  modelId: string | null;
  adapters: AdapterRef[];
  onModel(id: string | null): void;
  onAdapters(adapters: AdapterRef[]): void;
}

/** A library model plus any number of LoRA adapters, each with its scale. */
export function ModelPicker({ modelId, adapters, onModel, onAdapters }: ModelPickerProps) {
  const { t } = useTranslation('playground');
  const models = useApiQuery('models.list', {});
  const [adapterDraft, setAdapterDraft] = useState('');
  const [adapterProblem, setAdapterProblem] = useState<string | null>(null);
  const queries = useQueryClient();
  // The adapter library's adapters of the chosen base (trained here or added on the Models page).
  const library = useApiQuery('adapters.list', { model: modelId ?? '' }, { enabled: modelId !== null, retry: false });
  const selected = models.data?.find((model) => model.id === modelId);
  const libraryChoices = (library.data ?? []).filter((entry) => entry.exists).map((entry) => ({ value: entry.path, label: entry.name }));
  const addToLibrary = useApiMutation('adapters.add');
  /** A typed path joins the library for this base, checked against its shape, then applies. */
  const addAdapter = (): void => {
    if (adapterDraft.trim() === '' || !modelId) return;
    setAdapterProblem(null);
    addToLibrary.mutate(
      { path: adapterDraft.trim(), model: modelId },
      {
        onSuccess: ({ adapter }) => {
          onAdapters([...adapters, { adapter: adapter.path, scale: 1 }]);
          setAdapterDraft('');
          void queries.invalidateQueries({ queryKey: ['adapters.list'] });
        },
        onError: (error) => setAdapterProblem(error.message),
      },
    );
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" wrap="nowrap">
        <Select
          label={t('model.label')}
          placeholder={t('model.placeholder')}
          value={modelId}
          onChange={onModel}
          data={(models.data ?? []).map((model, _, library) => ({ value: model.id, label: modelChoiceLabel(model, library) }))}
          searchable
          w={340}
          nothingFoundMessage={t('model.empty')}
          data-testid="playground-model"
        />
        {selected && <Badge color={selected.kind === 'chat' ? 'grape' : 'blue'}>{selected.kind}</Badge>}
        {libraryChoices.length > 0 && (
          <Select
            label={t('model.libraryAdapter')}
            placeholder={t('model.libraryAdapterPlaceholder')}
            data={libraryChoices}
            value={null}
            onChange={(path) => path && onAdapters([...adapters, { adapter: path, scale: 1 }])}
            searchable
            w={240}
            data-testid="playground-library-adapter"
          />
        )}
        <TextInput
          flex={1}
          label={t('model.adapters')}
          placeholder={t('model.adapterPath')}
          value={adapterDraft}
          onChange={(event) => setAdapterDraft(event.currentTarget.value)}
          onKeyDown={(event) => event.key === 'Enter' && addAdapter()}
          error={adapterProblem}
          disabled={!modelId}
          data-testid="playground-adapter-path"
          rightSection={
            <ActionIcon variant="subtle" aria-label={t('model.addAdapter')} onClick={addAdapter}>
              +
            </ActionIcon>
          }
        />
      </Group>
      {models.data?.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('model.empty')}
        </Text>
      )}
      {adapters.map((adapter, index) => (
        <Group key={`${adapter.adapter}-${index}`} gap="xs">
          <Text size="sm" ff="monospace" flex={1} truncate title={adapter.adapter} data-testid="playground-adapter">
            {library.data?.find((entry) => entry.path === adapter.adapter)?.name ?? adapter.adapter}
          </Text>
          <NumberInput
            size="xs"
            w={110}
            label={t('model.scale')}
            value={adapter.scale}
            step={0.1}
            min={-4}
            max={4}
            decimalScale={2}
            onChange={(value) => onAdapters(adapters.map((item, at) => (at === index ? { ...item, scale: Number(value) } : item)))}
          />
          <ActionIcon variant="subtle" color="red" aria-label={t('model.remove')} onClick={() => onAdapters(adapters.filter((_, at) => at !== index))}>
            ✕
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}
