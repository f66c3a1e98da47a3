import { Checkbox, Group, NumberInput, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RunSettings } from '../../../../electron/shared/contract/hallucination.ts';

export function RunSettingsForm({ settings, onChange }: { settings: RunSettings; onChange(settings: RunSettings): void }) {
  const { t } = useTranslation('hallucination');
  const set = <K extends keyof RunSettings>(key: K, value: RunSettings[K]): void => onChange({ ...settings, [key]: value });
  const whole = (value: string | number, fallback: number): number => (typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : fallback);
  return (
    <Stack gap="xs">
      <Group align="flex-start" grow>
        <NumberInput label={t('settings.samples')} description={t('settings.samplesHint')} min={1} max={20} value={settings.samples} onChange={(value) => set('samples', whole(value, 1))} data-testid="setting-samples" />
        <NumberInput
          label={t('settings.temperature')}
          description={t('settings.temperatureHint')}
          min={0}
          max={2}
          step={0.1}
          decimalScale={2}
          value={settings.temperature ?? ''}
          onChange={(value) => set('temperature', typeof value === 'number' ? value : null)}
        />
        <NumberInput label={t('settings.maxTokens')} min={1} max={1024} value={settings.maxTokens} onChange={(value) => set('maxTokens', whole(value, 96))} data-testid="setting-max-tokens" />
        <NumberInput label={t('settings.seed')} min={0} value={settings.seed} onChange={(value) => set('seed', whole(value, 42))} />
      </Group>
      <Group>
        <Checkbox label={t('settings.context')} checked={settings.contextRerun} onChange={(event) => set('contextRerun', event.currentTarget.checked)} data-testid="setting-context" />
        <Checkbox label={t('settings.choices')} checked={settings.multipleChoice} onChange={(event) => set('multipleChoice', event.currentTarget.checked)} />
        <Checkbox label={t('settings.refusal')} checked={settings.refusalProbability} onChange={(event) => set('refusalProbability', event.currentTarget.checked)} />
      </Group>
    </Stack>
  );
}
