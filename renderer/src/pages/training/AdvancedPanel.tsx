import { Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { loraTargetNames } from '../../../../electron/shared/contract/training.ts';
import type { AdvancedNumberField, TrainingDraft } from './trainingDraft.ts';

interface AdvancedPanelProps {
  draft: TrainingDraft;
  /** What the chosen preset fills in, shown as each empty field's placeholder. */
  presetValues: Record<string, number | string | boolean>;
  onChange(changes: Partial<TrainingDraft>): void;
}

const optimizationFields: readonly { field: AdvancedNumberField; step?: number; decimals?: number }[] = [
  { field: 'epochs', step: 1, decimals: 2 },
  { field: 'maxSteps' },
  { field: 'batchSize' },
  { field: 'gradAccum' },
  { field: 'contextLength', step: 64 },
  { field: 'lr', step: 0.0001, decimals: 8 },
  { field: 'weightDecay', step: 0.01, decimals: 4 },
  { field: 'warmupRatio', step: 0.01, decimals: 3 },
  { field: 'gradClip', step: 0.1, decimals: 3 },
  { field: 'seed' },
  { field: 'evalEvery' },
  { field: 'checkpointEvery' },
];

const placeholderOf = (values: Record<string, number | string | boolean>, key: string): string | undefined => (key in values ? String(values[key]) : undefined);
const numberOrNull = (value: string | number): number | null => (value === '' ? null : Number(value));

/** Every knob of the config; an empty field keeps the preset's value. */
export function AdvancedPanel({ draft, presetValues, onChange }: AdvancedPanelProps) {
  const { t } = useTranslation('training');
  const setNumber = (field: AdvancedNumberField, value: string | number): void => {
    const numbers = { ...draft.numbers };
    if (value === '') delete numbers[field];
    else numbers[field] = Number(value);
    onChange({ numbers });
  };
  const lora = draft.objective !== 'full';
  return (
    <Stack gap="sm" data-testid="training-advanced">
      <Text size="xs" c="dimmed">
        {t('form.advancedHint')}
      </Text>
      {lora && (
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('advanced.lora')}
          </Text>
          <SimpleGrid cols={3} spacing="xs">
            <NumberInput size="xs" label={t('advanced.rank')} min={1} max={512} value={draft.lora.rank ?? ''} placeholder={placeholderOf(presetValues, 'rank') ?? '16'} onChange={(value) => onChange({ lora: { ...draft.lora, rank: numberOrNull(value) } })} />
            <NumberInput size="xs" label={t('advanced.alpha')} min={0} value={draft.lora.alpha ?? ''} placeholder={placeholderOf(presetValues, 'alpha') ?? '32'} onChange={(value) => onChange({ lora: { ...draft.lora, alpha: numberOrNull(value) } })} />
            <NumberInput size="xs" label={t('advanced.dropout')} min={0} max={0.9} step={0.05} decimalScale={3} value={draft.lora.dropout ?? ''} placeholder={placeholderOf(presetValues, 'dropout') ?? '0'} onChange={(value) => onChange({ lora: { ...draft.lora, dropout: numberOrNull(value) } })} />
          </SimpleGrid>
          <Checkbox.Group label={t('advanced.targets')} value={draft.lora.targets} onChange={(targets) => onChange({ lora: { ...draft.lora, targets: loraTargetNames.filter((name) => targets.includes(name)) } })}>
            <Group gap="sm" mt={4}>
              {loraTargetNames.map((name) => (
                <Checkbox key={name} value={name} label={name} size="xs" />
              ))}
            </Group>
          </Checkbox.Group>
        </Stack>
      )}
      {draft.objective === 'dpo' && (
        <Stack gap={6}>
          <Text size="sm" fw={500}>
            {t('advanced.dpo')}
          </Text>
          <SimpleGrid cols={3} spacing="xs">
            <NumberInput size="xs" label={t('advanced.beta')} min={0.001} max={10} step={0.05} decimalScale={4} value={draft.dpo.beta ?? ''} placeholder={placeholderOf(presetValues, 'beta') ?? '0.1'} onChange={(value) => onChange({ dpo: { ...draft.dpo, beta: numberOrNull(value) } })} data-testid="training-beta" />
            <NumberInput size="xs" label={t('advanced.labelSmoothing')} min={0} max={0.49} step={0.05} decimalScale={3} value={draft.dpo.labelSmoothing ?? ''} placeholder={placeholderOf(presetValues, 'labelSmoothing') ?? '0'} onChange={(value) => onChange({ dpo: { ...draft.dpo, labelSmoothing: numberOrNull(value) } })} />
          </SimpleGrid>
        </Stack>
      )}
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('advanced.optimization')}
        </Text>
        <SimpleGrid cols={3} spacing="xs">
          {optimizationFields.map(({ field, step, decimals }) => (
            <NumberInput
              key={field}
              size="xs"
              label={t(`advanced.${field}`)}
              min={0}
              step={step ?? 1}
              decimalScale={decimals ?? 0}
              value={draft.numbers[field] ?? ''}
              placeholder={placeholderOf(presetValues, field)}
              onChange={(value) => setNumber(field, value)}
              data-testid={`training-field-${field}`}
            />
          ))}
          <Select
            size="xs"
            label={t('advanced.schedule')}
            data={['constant', 'cosine', 'linear']}
            value={draft.schedule}
            placeholder={placeholderOf(presetValues, 'schedule')}
            clearable
            onChange={(value) => onChange({ schedule: value === 'constant' || value === 'cosine' || value === 'linear' ? value : null })}
          />
        </SimpleGrid>
      </Stack>
      <Textarea size="xs" label={t('advanced.samplePrompts')} description={t('advanced.samplePromptsHint')} autosize minRows={2} maxRows={6} value={draft.samplePrompts} onChange={(event) => onChange({ samplePrompts: event.currentTarget.value })} />
      <SimpleGrid cols={2} spacing="xs">
        <TextInput size="xs" label={t('advanced.name')} value={draft.name} onChange={(event) => onChange({ name: event.currentTarget.value })} data-testid="training-name" />
        <TextInput size="xs" label={t('advanced.outputPath')} value={draft.outputPath} onChange={(event) => onChange({ outputPath: event.currentTarget.value })} />
      </SimpleGrid>
    </Stack>
  );
}
