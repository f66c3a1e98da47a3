import { Button, Card, Group, NumberInput, Slider, Stack, Switch, TagsInput, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { randomSeed, type PlaygroundSettings } from './playgroundSettings.ts';

type SamplingKey = keyof PlaygroundSettings['sampling'];

interface SamplingPanelProps {
  settings: PlaygroundSettings;
  onChange(patch: Partial<PlaygroundSettings>): void;
}

/** Sampling controls with what each one does; the seed is always visible so a run can be repeated. */
export function SamplingPanel({ settings, onChange }: SamplingPanelProps) {
  const { t } = useTranslation('playground');
  const sampling = settings.sampling;
  const set = (key: SamplingKey, value: number): void => onChange({ sampling: { ...sampling, [key]: value } });
  const slider = (key: SamplingKey, min: number, max: number, step: number, hint?: string) => (
    <div>
      <Group justify="space-between" gap={4}>
        <Tooltip label={hint ?? ''} disabled={!hint} multiline w={240}>
          <Text size="sm">{t(`sampling.${key}` as 'sampling.temperature')}</Text>
        </Tooltip>
        <Text size="sm" ff="monospace" data-testid={`sampling-${key}-value`}>
          {sampling[key]}
        </Text>
      </Group>
      <Slider min={min} max={max} step={step} value={sampling[key]} onChange={(value) => set(key, value)} label={null} aria-label={t(`sampling.${key}` as 'sampling.temperature')} />
    </div>
  );
  return (
    <Card withBorder>
      <Title order={5} mb="xs">
        {t('sampling.title')}
      </Title>
      <Stack gap="sm">
        {slider('temperature', 0, 2, 0.05, t('sampling.temperatureHint'))}
        {slider('topK', 0, 200, 1, t('sampling.topKHint'))}
        {slider('topP', 0, 1, 0.01, t('sampling.topPHint'))}
        {slider('minP', 0, 1, 0.01, t('sampling.minPHint'))}
        {slider('repeatPenalty', 0.5, 2, 0.01)}
        {slider('presencePenalty', -2, 2, 0.05)}
        {slider('frequencyPenalty', -2, 2, 0.05)}
        <NumberInput size="xs" label={t('sampling.penaltyLastN')} value={sampling.penaltyLastN} min={0} max={4096} onChange={(value) => set('penaltyLastN', Number(value) || 0)} />
        <NumberInput size="xs" label={t('sampling.maxTokens')} value={settings.maxTokens} min={1} max={32768} onChange={(value) => onChange({ maxTokens: Number(value) || 1 })} data-testid="max-tokens" />
        <TagsInput size="xs" label={t('sampling.stop')} placeholder={t('sampling.stopPlaceholder')} value={settings.stop} onChange={(stop) => onChange({ stop })} />
        <Group align="flex-end" gap="xs">
          <NumberInput
            size="xs"
            flex={1}
            label={t('sampling.seed')}
            description={t('sampling.seedHint')}
            value={sampling.seed}
            min={0}
            max={0xffff_ffff}
            disabled={settings.randomSeed}
            onChange={(value) => set('seed', Number(value) || 0)}
            data-testid="sampling-seed"
          />
          <Button size="xs" variant="light" onClick={() => set('seed', randomSeed())}>
            {t('sampling.newSeed')}
          </Button>
        </Group>
        <Switch size="xs" label={t('sampling.randomSeed')} checked={settings.randomSeed} onChange={(event) => onChange({ randomSeed: event.currentTarget.checked })} />
      </Stack>
    </Card>
  );
}
