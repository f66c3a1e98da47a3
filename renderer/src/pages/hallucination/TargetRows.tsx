import { ActionIcon, Autocomplete, Button, Group, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RunTarget } from '../../../../electron/shared/contract/hallucination.ts';
import { useApiQuery } from '../../api/hooks.ts';

export interface TargetDraft {
  model: string;
  lora: string;
  mode: RunTarget['mode'];
  label: string;
}

export const emptyTarget = (): TargetDraft => ({ model: '', lora: '', mode: 'auto', label: '' });

export const toRunTarget = (draft: TargetDraft): RunTarget => ({
  model: draft.model.trim(),
  ...(draft.lora.trim() ? { lora: draft.lora.trim() } : {}),
  loraScale: 1,
  mode: draft.mode,
  ...(draft.label.trim() ? { label: draft.label.trim() } : {}),
});

/** Up to four models run side by side: base, chat, chat + adapter… */
export function TargetRows({ targets, onChange }: { targets: TargetDraft[]; onChange(targets: TargetDraft[]): void }) {
  const { t } = useTranslation('hallucination');
  const library = useApiQuery('models.list', {}, { retry: false });
  const names = library.data?.map((model) => model.name) ?? [];
  const update = (index: number, change: Partial<TargetDraft>): void => onChange(targets.map((target, at) => (at === index ? { ...target, ...change } : target)));

  return (
    <Stack gap="xs">
      {targets.map((target, index) => (
        <Group key={index} align="flex-end" wrap="nowrap" data-testid={`target-${index}`}>
          <Autocomplete
            flex={3}
            label={t('targets.model')}
            placeholder={t('targets.modelPlaceholder')}
            data={names}
            value={target.model}
            onChange={(model) => update(index, { model })}
            data-testid={`target-${index}-model`}
          />
          <TextInput flex={2} label={t('targets.lora')} placeholder={t('targets.loraPlaceholder')} value={target.lora} onChange={(event) => update(index, { lora: event.currentTarget.value })} data-testid={`target-${index}-lora`} />
          <Select
            w={170}
            label={t('targets.mode')}
            value={target.mode}
            allowDeselect={false}
            onChange={(mode) => update(index, { mode: (mode ?? 'auto') as RunTarget['mode'] })}
            data={(['auto', 'chat', 'raw'] as const).map((mode) => ({ value: mode, label: t(`targets.modes.${mode}`) }))}
          />
          <TextInput w={150} label={t('targets.label')} value={target.label} onChange={(event) => update(index, { label: event.currentTarget.value })} />
          <Tooltip label={t('targets.remove')}>
            <ActionIcon variant="subtle" color="red" mb={4} disabled={targets.length === 1} onClick={() => onChange(targets.filter((_, at) => at !== index))} aria-label={t('targets.remove')}>
              ×
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      <Group>
        <Button variant="subtle" size="xs" disabled={targets.length >= 4} onClick={() => onChange([...targets, emptyTarget()])} data-testid="add-target">
          {t('targets.add')}
        </Button>
      </Group>
    </Stack>
  );
}
