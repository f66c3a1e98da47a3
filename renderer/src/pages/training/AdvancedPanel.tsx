import { Checkbox, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { loraTargetNames } from '../../../../electron/shared/contract/training.ts';
import { DraftNumberInput } from './DraftNumberInput.tsx';
import { advancedNumberFields, type AdvancedNumberField, type FieldError, type TrainingDraft } from './trainingDraft.ts';

interface AdvancedPanelProps {
  draft: TrainingDraft;
  /** What the chosen preset fills in, shown as each empty field's placeholder. */
  presetValues: Record<string, number | string | boolean>;
  /** Fields the contract refuses, by config path ('lr', 'lora.rank'). */
  errors: Record<string, FieldError>;
  onChange(changes: Partial<TrainingDraft>): void;
}


const placeholderOf = (values: Record<string, number | string | boolean>, key: string): string | undefined => (key in values ? String(values[key]) : undefined);

/** Every knob of the config; an empty field keeps the preset's value. */
export function AdvancedPanel({ draft, presetValues, errors, onChange }: AdvancedPanelProps) {
  const { t } = useTranslation('training');
  const setNumber = (field: AdvancedNumberField, value: string): void => {
    const numbers = { ...draft.numbers };
    if (value.trim() === '') delete numbers[field];
    else numbers[field] = value;
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
            <DraftNumberInput label={t('advanced.rank')} value={draft.lora.rank} placeholder={placeholderOf(presetValues, 'rank') ?? '16'} error={errors['lora.rank']} onChange={(rank) => onChange({ lora: { ...draft.lora, rank } })} testId="training-field-rank" />
            <DraftNumberInput label={t('advanced.alpha')} value={draft.lora.alpha} placeholder={placeholderOf(presetValues, 'alpha') ?? '32'} error={errors['lora.alpha']} onChange={(alpha) => onChange({ lora: { ...draft.lora, alpha } })} />
            <DraftNumberInput label={t('advanced.dropout')} value={draft.lora.dropout} placeholder={placeholderOf(presetValues, 'dropout') ?? '0'} error={errors['lora.dropout']} onChange={(dropout) => onChange({ lora: { ...draft.lora, dropout } })} />
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
            <DraftNumberInput label={t('advanced.beta')} value={draft.dpo.beta} placeholder={placeholderOf(presetValues, 'beta') ?? '0.1'} error={errors['dpo.beta']} onChange={(beta) => onChange({ dpo: { ...draft.dpo, beta } })} testId="training-beta" />
            <DraftNumberInput label={t('advanced.labelSmoothing')} value={draft.dpo.labelSmoothing} placeholder={placeholderOf(presetValues, 'labelSmoothing') ?? '0'} error={errors['dpo.labelSmoothing']} onChange={(labelSmoothing) => onChange({ dpo: { ...draft.dpo, labelSmoothing } })} />
          </SimpleGrid>
        </Stack>
      )}
      <Stack gap={6}>
        <Text size="sm" fw={500}>
          {t('advanced.optimization')}
        </Text>
        <SimpleGrid cols={3} spacing="xs">
          {advancedNumberFields.map((field) => (
            <DraftNumberInput
              key={field}
              label={t(`advanced.${field}`)}
              value={draft.numbers[field]}
              placeholder={placeholderOf(presetValues, field)}
              error={errors[field]}
              onChange={(value) => setNumber(field, value)}
              testId={`training-field-${field}`}
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
