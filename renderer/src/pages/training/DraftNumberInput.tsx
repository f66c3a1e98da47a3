import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DraftNumber, FieldError } from './trainingDraft.ts';

interface DraftNumberInputProps {
  label: string;
  value: DraftNumber | null | undefined;
  /** The preset's value, shown while the field is empty. */
  placeholder: string | undefined;
  error: FieldError | undefined;
  onChange(value: string): void;
  testId?: string;
}

/**
 * A number field that keeps exactly what was typed: no clamping to a minimum, no dropping of letters. What the
 * contract refuses is shown under the field and blocks Start, so "0" or "abc" never turn into some other value.
 */
export function DraftNumberInput({ label, value, placeholder, error, onChange, testId }: DraftNumberInputProps) {
  const { t } = useTranslation('training');
  return (
    <TextInput
      size="xs"
      inputMode="decimal"
      label={label}
      value={value === null || value === undefined ? '' : String(value)}
      placeholder={placeholder}
      error={error ? t(`fieldError.${error.code}`, { limit: error.limit }) : undefined}
      onChange={(event) => onChange(event.currentTarget.value)}
      data-testid={testId}
    />
  );
}
