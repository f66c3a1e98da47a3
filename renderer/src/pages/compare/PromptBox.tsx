import { Button, Collapse, Group, NumberInput, Select, Stack, Text, Textarea, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FewShotLanguage } from '../../../../electron/shared/contract/compare.ts';
import type { PromptSettings } from './promptSettings.ts';

interface PromptBoxProps {
  readonly value: PromptSettings;
  readonly onChange: (value: PromptSettings) => void;
  /** Hide the generation settings (the shift view only needs the prompt and system text). */
  readonly promptOnly?: boolean;
}

const sampleKeys = ['sampleEnglish', 'sampleChinese', 'sampleStory'] as const;

/** The prompt every column gets, the system message, and the run's length, seed and few-shot language. */
export function PromptBox({ value, onChange, promptOnly = false }: PromptBoxProps) {
  const { t } = useTranslation('compare');
  const [showSystem, setShowSystem] = useState(value.system !== '');
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Text size="sm" fw={500}>
          {t('prompt.label')}
        </Text>
        <Text size="xs" c="dimmed">
          {t('prompt.samples')}:
        </Text>
        {sampleKeys.map((key) => (
          <Button key={key} size="compact-xs" variant="light" onClick={() => onChange({ ...value, prompt: t(`prompt.${key}`) })}>
            {t(`prompt.${key}`).slice(0, 18)}…
          </Button>
        ))}
      </Group>
      <Textarea
        aria-label={t('prompt.label')}
        placeholder={t('prompt.placeholder')}
        value={value.prompt}
        onChange={(event) => onChange({ ...value, prompt: event.currentTarget.value })}
        autosize
        minRows={2}
        maxRows={10}
        data-testid="compare-prompt"
      />
      <UnstyledButton onClick={() => setShowSystem((shown) => !shown)}>
        <Text size="xs" c="dimmed">
          {showSystem ? '▾' : '▸'} {t('prompt.system')}
        </Text>
      </UnstyledButton>
      <Collapse expanded={showSystem}>
        <Textarea aria-label={t('prompt.system')} value={value.system} onChange={(event) => onChange({ ...value, system: event.currentTarget.value })} autosize minRows={1} maxRows={5} data-testid="compare-system" />
      </Collapse>
      {!promptOnly && (
        <Group gap="sm" align="flex-end">
          <NumberInput
            size="xs"
            w={110}
            label={t('prompt.maxTokens')}
            value={value.maxTokens}
            min={1}
            max={8192}
            onChange={(next) => onChange({ ...value, maxTokens: typeof next === 'number' ? next : value.maxTokens })}
            data-testid="compare-max-tokens"
          />
          <NumberInput
            size="xs"
            w={130}
            label={t('prompt.seed')}
            placeholder={t('prompt.seedPlaceholder')}
            value={value.seed ?? ''}
            min={0}
            max={4294967295}
            allowDecimal={false}
            onChange={(next) => onChange({ ...value, seed: typeof next === 'number' ? next : null })}
            data-testid="compare-seed"
          />
          <Select
            size="xs"
            w={230}
            label={t('prompt.fewShotLanguage')}
            value={value.fewShotLanguage}
            onChange={(next) => next && onChange({ ...value, fewShotLanguage: next as FewShotLanguage })}
            data={(['auto', 'en', 'zh'] as const).map((language) => ({ value: language, label: t(`prompt.languages.${language}`) }))}
            allowDeselect={false}
          />
        </Group>
      )}
    </Stack>
  );
}
