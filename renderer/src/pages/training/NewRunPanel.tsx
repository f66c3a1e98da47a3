import { Badge, Button, Card, Collapse, Group, SegmentedControl, Select, Stack, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { trainingObjectives, trainingPresets, type TrainingConfigInput, type TrainingObjective, type TrainingPreset } from '../../../../electron/shared/contract/training.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { AdvancedPanel } from './AdvancedPanel.tsx';
import { EstimatePanel } from './EstimatePanel.tsx';
import { buildConfig, datasetKindFor, datasetsFor, draftFieldErrors, draftProblem, emptyDraft, type TrainingDraft } from './trainingDraft.ts';
import { datasetFromTrainingHash } from './trainingRoute.ts';
import { useRefreshTrainingLists } from './useLiveRun.ts';

/** Form edits settle for this long before the estimate is asked again. */
const estimateDelayMs = 400;

/** Objective, model, data, preset (+ advanced), the estimate, and Start. */
export function NewRunPanel({ onStarted }: { onStarted(runId: string): void }) {
  const { t } = useTranslation('training');
  const [draft, setDraft] = useState<TrainingDraft>(() => ({ ...emptyDraft, datasetId: datasetFromTrainingHash() }));
  const [advanced, setAdvanced] = useState(false);
  const patch = (changes: Partial<TrainingDraft>): void => setDraft((current) => ({ ...current, ...changes }));
  const models = useApiQuery('models.list', {});
  const datasets = useApiQuery('datasets.list', {});
  const adapters = useApiQuery('training.adapters', {}, { retry: false });
  const presets = useApiQuery('training.presets', {}, { retry: false });
  const start = useApiMutation('training.start');
  const refreshLists = useRefreshTrainingLists();

  const built = buildConfig(draft, datasets.data ?? []);
  const fieldErrors = draftFieldErrors(built);
  const refused = Object.keys(fieldErrors);
  // A config the contract refuses is neither estimated nor started: its fields say what to fix.
  const config = refused.length === 0 ? built : null;
  // The JSON text is what settles: a new object with the same content must not restart the timer.
  const [settled] = useDebouncedValue(config ? JSON.stringify(config) : null, estimateDelayMs);
  const settledConfig = settled === null ? null : (JSON.parse(settled) as TrainingConfigInput);
  const estimate = useApiQuery('training.estimate', { config: settledConfig as TrainingConfigInput }, { enabled: settledConfig !== null, retry: false });
  const estimateCurrent = settled !== null && config !== null && settled === JSON.stringify(config);

  const model = models.data?.find((entry) => entry.id === draft.modelId);
  const kind = datasetKindFor[draft.objective];
  const fitting = datasetsFor(draft.objective, datasets.data ?? []);
  const presetInfo = presets.data?.find((entry) => entry.preset === draft.preset && entry.objective === draft.objective);
  const adapterChoices = (adapters.data ?? []).filter((entry) => entry.exists && (!model || entry.baseModelPath === model.path));

  const problem = draftProblem(draft);
  const blocker = problem
    ? t(`form.${problem}`)
    : refused.length > 0
      ? t('form.fixFields', { fields: refused.map((field) => fieldLabel(t, field)).join(', ') })
    : estimate.data && estimateCurrent && !estimate.data.supported
      ? t('form.notSupported', { reason: estimate.data.reason ?? '' })
      : estimate.data && estimateCurrent && !estimate.data.fits
        ? t('form.doesNotFit')
        : null;
  const ready = config !== null && blocker === null && estimateCurrent && estimate.isSuccess && !estimate.isFetching;

  const begin = (): void => {
    if (!config || !ready) return;
    start.mutate(
      { config },
      {
        onSuccess: ({ runId }) => {
          refreshLists();
          onStarted(runId);
        },
      },
    );
  };

  const setObjective = (objective: TrainingObjective): void =>
    patch({ objective, datasetId: null, validation: 'auto', initAdapter: objective === 'full' ? null : draft.initAdapter });

  return (
    <Card withBorder padding="sm" data-testid="training-new-run">
      <Stack gap="sm">
        <Text fw={500}>{t('form.title')}</Text>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('form.objective')}
          </Text>
          <SegmentedControl
            value={draft.objective}
            onChange={(value) => setObjective(trainingObjectives.find((objective) => objective === value) ?? 'sft')}
            data={trainingObjectives.map((objective) => ({ value: objective, label: t(`objective.${objective}`) }))}
            data-testid="training-objective"
          />
        </Stack>
        <Group align="flex-end" wrap="nowrap">
          <Select
            flex={1}
            label={t('form.model')}
            placeholder={t('form.modelPlaceholder')}
            data={(models.data ?? []).map((entry) => ({ value: entry.id, label: `${entry.name} (${entry.kind})` }))}
            value={draft.modelId}
            onChange={(modelId) => patch({ modelId, initAdapter: null })}
            searchable
            nothingFoundMessage={t('form.noModels')}
            data-testid="training-model"
          />
          {model && <Badge color={model.kind === 'chat' ? 'grape' : 'blue'}>{model.kind}</Badge>}
        </Group>
        {models.data?.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('form.noModels')}
          </Text>
        )}
        {draft.objective !== 'full' && (
          <Select
            label={t('form.initAdapter')}
            description={draft.objective === 'dpo' ? t('form.initAdapterHint') : undefined}
            data={[{ value: '', label: t('form.initAdapterNone') }, ...adapterChoices.map((entry) => ({ value: entry.id, label: entry.name }))]}
            value={draft.initAdapter ?? ''}
            onChange={(value) => patch({ initAdapter: value ? value : null })}
            allowDeselect={false}
            data-testid="training-init-adapter"
          />
        )}
        <Group grow align="flex-start">
          <Select
            label={t('form.dataset')}
            placeholder={t('form.datasetPlaceholder', { kind })}
            data={fitting.map((entry) => ({ value: entry.id, label: `${entry.name} (${entry.rows})` }))}
            value={draft.datasetId}
            onChange={(datasetId) => patch({ datasetId })}
            searchable
            nothingFoundMessage={t('form.noDatasets', { kind })}
            data-testid="training-dataset"
          />
          <Select
            label={t('form.validation')}
            data={[
              { value: 'auto', label: t('form.validationAuto') },
              { value: 'none', label: t('form.validationNone') },
              ...fitting.filter((entry) => entry.id !== draft.datasetId).map((entry) => ({ value: entry.id, label: entry.name })),
            ]}
            value={draft.validation}
            onChange={(validation) => patch({ validation: validation ?? 'auto' })}
            allowDeselect={false}
            data-testid="training-validation"
          />
        </Group>
        {datasets.data && fitting.length === 0 && (
          <Text size="xs" c="dimmed">
            {t('form.noDatasets', { kind })}
          </Text>
        )}
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('form.preset')}
          </Text>
          <SegmentedControl
            value={draft.preset}
            onChange={(value) => patch({ preset: trainingPresets.find((preset) => preset === value) ?? 'standard' })}
            data={trainingPresets.map((preset) => ({ value: preset, label: preset }))}
            data-testid="training-preset"
          />
          {presetInfo && <PresetSummary preset={draft.preset} description={presetInfo.description} values={presetInfo.values} />}
        </Stack>
        <UnstyledButton onClick={() => setAdvanced((open) => !open)} aria-expanded={advanced} data-testid="training-advanced-toggle">
          <Text size="sm" c="blue">
            {advanced ? '▾' : '▸'} {t('form.advanced')}
          </Text>
        </UnstyledButton>
        <Collapse expanded={advanced}>
          <AdvancedPanel draft={draft} presetValues={presetInfo?.values ?? {}} errors={fieldErrors} onChange={patch} />
        </Collapse>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('form.longRows')}
          </Text>
          <SegmentedControl
            value={draft.longRows}
            onChange={(value) => patch({ longRows: value === 'truncate' ? 'truncate' : 'skip' })}
            data={[
              { value: 'skip', label: estimate.data && estimateCurrent ? t('form.longRowsSkipCount', { rows: estimate.data.longRows.keptBySkip }) : t('form.longRowsSkip') },
              { value: 'truncate', label: estimate.data && estimateCurrent ? t('form.longRowsTruncateCount', { rows: estimate.data.longRows.keptByTruncate }) : t('form.longRowsTruncate') },
            ]}
            data-testid="training-long-rows"
          />
        </Stack>
        {config && <EstimatePanel estimate={estimate.data} loading={estimate.isFetching || !estimateCurrent} error={estimate.error} />}
        <Group>
          <Button onClick={begin} disabled={!ready} loading={start.isPending} data-testid="training-start">
            {t('form.start')}
          </Button>
          {blocker && (
            <Text size="sm" c="dimmed" data-testid="training-start-blocker">
              {blocker}
            </Text>
          )}
        </Group>
        {start.error && (
          <Text size="sm" c="red" data-testid="training-start-error">
            {t('form.startFailed', { message: start.error.message })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

/** 'lora.rank' → the Advanced panel's label for it ("LoRA rank"); unknown paths stay as they are. */
function fieldLabel(t: (key: string) => string, field: string): string {
  const key = `advanced.${field.split('.').at(-1) ?? field}`;
  const label = t(key);
  return label === key ? field : label;
}

function PresetSummary({ preset, description, values }: { preset: TrainingPreset; description: string; values: Record<string, number | string | boolean> }) {
  const { t } = useTranslation('training');
  return (
    <Stack gap={2} data-testid="training-preset-values">
      <Text size="xs">{t(`presetDescription.${preset}`, { defaultValue: description })}</Text>
      <Text size="xs" c="dimmed">
        {t('form.presetValues', { preset })}:{' '}
        {Object.entries(values)
          .map(([key, value]) => `${key} ${String(value)}`)
          .join(' · ')}
      </Text>
    </Stack>
  );
}
