import { ActionIcon, Autocomplete, Badge, Card, Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { samplingPresets, type CompareMode, type SamplingPreset } from '../../../../electron/shared/contract/compare.ts';
import type { ModelEntry } from '../../../../electron/shared/contract/models.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { modelChoiceLabel } from '../../app/modelChoiceLabel.ts';
import type { ContenderDraft } from './contenderDraft.ts';

interface ContenderCardProps {
  readonly index: number;
  readonly draft: ContenderDraft;
  readonly models: readonly ModelEntry[];
  readonly onChange: (draft: ContenderDraft) => void;
  readonly onRemove: (() => void) | null;
}

const modes: readonly CompareMode[] = ['raw', 'chat', 'fewshot'];
const presets: readonly SamplingPreset[] = ['greedy', 'balanced', 'creative'];

/** One column's set-up: model, mode, sampling preset, adapters with scales, an optional name. */
export function ContenderCard({ index, draft, models, onChange, onRemove }: ContenderCardProps) {
  const { t } = useTranslation('compare');
  const [adapterDraft, setAdapterDraft] = useState('');
  const [adapterProblem, setAdapterProblem] = useState<string | null>(null);
  const model = models.find((entry) => entry.id === draft.model);
  const preset = samplingPresets[draft.preset];
  const queries = useQueryClient();
  // The library's adapters of this column's base, picked by name; a typed path joins the library (shape-checked).
  const library = useApiQuery('adapters.list', { model: draft.model ?? '' }, { enabled: draft.model !== null, retry: false });
  const addToLibrary = useApiMutation('adapters.add');
  const apply = (path: string): void => {
    onChange({ ...draft, adapters: [...draft.adapters, { adapter: path, scale: 1 }] });
    setAdapterDraft('');
    setAdapterProblem(null);
  };
  const addAdapter = (typed: string = adapterDraft): void => {
    const wanted = typed.trim();
    if (wanted === '' || draft.model === null) return;
    const known = library.data?.find((entry) => entry.name === wanted || entry.path === wanted);
    if (known) return apply(known.path);
    addToLibrary.mutate(
      { path: wanted, model: draft.model },
      {
        onSuccess: ({ adapter }) => {
          apply(adapter.path);
          void queries.invalidateQueries({ queryKey: ['adapters.list'] });
        },
        onError: (error) => setAdapterProblem(error.message),
      },
    );
  };
  return (
    <Card withBorder padding="sm" data-testid={`contender-${index}`} style={{ flex: 1, minWidth: 260 }}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {t('contenders.column', { n: index + 1 })}
          </Text>
          <Group gap={4} wrap="nowrap">
            {model && (
              <Badge size="sm" variant="light" color={model.kind === 'chat' ? 'grape' : 'blue'}>
                {t(`contenders.kind.${model.kind}`)}
              </Badge>
            )}
            {onRemove && (
              <Tooltip label={t('contenders.remove')}>
                <ActionIcon size="sm" variant="subtle" color="gray" aria-label={t('contenders.remove')} onClick={onRemove} data-testid={`contender-${index}-remove`}>
                  ✕
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Group>
        <Select
          size="xs"
          aria-label={t('contenders.model')}
          placeholder={t('contenders.modelPlaceholder')}
          value={draft.model}
          onChange={(value) => onChange({ ...draft, model: value })}
          data={models.map((entry) => ({ value: entry.id, label: modelChoiceLabel({ ...entry, kind: t(`contenders.kind.${entry.kind}`) as ModelEntry['kind'] }, models) }))}
          searchable
          nothingFoundMessage={t('contenders.noModels')}
          data-testid={`contender-${index}-model`}
        />
        <Tooltip label={t(`contenders.modeHints.${draft.mode}`)} multiline w={260} openDelay={400}>
          <SegmentedControl
            size="xs"
            fullWidth
            value={draft.mode}
            onChange={(value) => onChange({ ...draft, mode: value as CompareMode })}
            data={modes.map((mode) => ({ value: mode, label: t(`contenders.modes.${mode}`) }))}
            data-testid={`contender-${index}-mode`}
          />
        </Tooltip>
        <Tooltip label={t('contenders.presetHint', { temperature: preset.temperature, topK: preset.topK, topP: preset.topP, minP: preset.minP })} openDelay={400}>
          <SegmentedControl
            size="xs"
            fullWidth
            value={draft.preset}
            onChange={(value) => onChange({ ...draft, preset: value as SamplingPreset })}
            data={presets.map((name) => ({ value: name, label: t(`contenders.presets.${name}`) }))}
            data-testid={`contender-${index}-preset`}
          />
        </Tooltip>
        <Autocomplete
          size="xs"
          aria-label={t('contenders.adapters')}
          placeholder={t('contenders.adapterPlaceholder')}
          data={[...new Set((library.data ?? []).filter((entry) => entry.exists).map((entry) => entry.name))]}
          value={adapterDraft}
          onChange={setAdapterDraft}
          onOptionSubmit={(name) => addAdapter(name)}
          error={adapterProblem}
          disabled={draft.model === null}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              addAdapter();
            }
          }}
          data-testid={`contender-${index}-adapter`}
        />
        {draft.adapters.map((adapter, at) => (
          <Group key={`${adapter.adapter}-${at}`} gap={4} wrap="nowrap">
            <Text size="xs" ff="monospace" flex={1} truncate title={adapter.adapter}>
              {library.data?.find((entry) => entry.path === adapter.adapter)?.name ?? adapter.adapter.split(/[\\/]/).pop()}
            </Text>
            <NumberInput
              size="xs"
              w={80}
              aria-label={t('contenders.scale')}
              value={adapter.scale}
              step={0.1}
              min={-4}
              max={4}
              decimalScale={2}
              onChange={(value) => onChange({ ...draft, adapters: draft.adapters.map((item, i) => (i === at ? { ...item, scale: Number(value) } : item)) })}
            />
            <ActionIcon size="sm" variant="subtle" color="red" aria-label={t('contenders.remove')} onClick={() => onChange({ ...draft, adapters: draft.adapters.filter((_, i) => i !== at) })}>
              ✕
            </ActionIcon>
          </Group>
        ))}
        <TextInput size="xs" aria-label={t('contenders.label')} placeholder={t('contenders.label')} value={draft.label} onChange={(event) => onChange({ ...draft, label: event.currentTarget.value })} />
      </Stack>
    </Card>
  );
}
