import { Alert, Badge, Button, Card, Group, Kbd, Select, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContenderInput } from '../../../../electron/shared/contract/compare.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { useSessionState } from '../../app/sessionStore.ts';
import { compareShiftResult } from './compareStore.ts';
import { PromptBox } from './PromptBox.tsx';
import type { PromptSettings } from './promptSettings.ts';
import { runOnShortcut } from './runOnShortcut.ts';
import { deltaBackground, formatNats } from './shiftColor.ts';
import { ShiftChart } from './ShiftChart.tsx';
import { ShiftPieceDetails } from './ShiftPieceDetails.tsx';
import { ShiftText } from './ShiftText.tsx';

export interface ShiftSource {
  /** 'reference' or the column whose output is scored. */
  readonly source: 'reference' | number;
  readonly reference: string;
}

interface ShiftPanelProps {
  readonly contenders: readonly ContenderInput[];
  readonly labels: readonly string[];
  readonly settings: PromptSettings;
  readonly onSettings: (settings: PromptSettings) => void;
  /** Outputs of the last side-by-side run, by column. */
  readonly outputs: readonly string[];
  readonly source: ShiftSource;
  readonly onSource: (source: ShiftSource) => void;
}

/** Teacher forcing: one text under every contender, with per-piece Δ log P as colour. */
export function ShiftPanel({ contenders, labels, settings, onSettings, outputs, source, onSource }: ShiftPanelProps) {
  const { t } = useTranslation('compare');
  const [conditionOnPrompt, setConditionOnPrompt] = useState(true);
  const [baseline, setBaseline] = useState(0);
  const [hovered, setHovered] = useState<number | null>(null);
  const [result, setResult] = useSessionState(compareShiftResult);
  const shift = useApiMutation('compare.shift');
  const text = source.source === 'reference' ? source.reference : (outputs[source.source] ?? '');
  const sourceOptions = [
    { value: 'reference', label: t('shift.reference') },
    ...outputs.flatMap((output, column) => (output === '' ? [] : [{ value: String(column), label: t('shift.columnOutput', { n: column + 1 }) }])),
  ];

  const score = (): void => {
    if (contenders.length < 2 || text === '' || shift.isPending) return;
    shift.mutate(
      {
        contenders: [...contenders],
        text,
        prompt: settings.prompt,
        system: settings.system,
        conditionOnPrompt,
        baseline: Math.min(baseline, contenders.length - 1),
        top: 3,
        fewShotLanguage: settings.fewShotLanguage,
      },
      { onSuccess: (next) => (setResult(next), setHovered(null)) },
    );
  };

  return (
    <Stack gap="sm" onKeyDown={runOnShortcut(score)}>
      <Text size="sm" c="dimmed">
        {t('shift.intro')}
      </Text>
      <PromptBox value={settings} onChange={onSettings} promptOnly />
      <Group gap="sm" align="flex-end">
        <Select
          size="xs"
          w={220}
          label={t('shift.source')}
          data={sourceOptions}
          value={String(source.source)}
          onChange={(value) => value !== null && onSource({ ...source, source: value === 'reference' ? 'reference' : Number(value) })}
          allowDeselect={false}
          data-testid="shift-source"
        />
        <Select
          size="xs"
          w={260}
          label={t('shift.baseline')}
          data={labels.map((label, index) => ({ value: String(index), label: `${index + 1}. ${label}` }))}
          value={String(Math.min(baseline, Math.max(0, labels.length - 1)))}
          onChange={(value) => value !== null && setBaseline(Number(value))}
          allowDeselect={false}
          data-testid="shift-baseline"
        />
        <Switch size="xs" label={t('shift.condition')} checked={conditionOnPrompt} onChange={(event) => setConditionOnPrompt(event.currentTarget.checked)} />
      </Group>
      <Textarea
        aria-label={t('shift.source')}
        placeholder={t('shift.textPlaceholder')}
        value={text}
        readOnly={source.source !== 'reference'}
        onChange={(event) => onSource({ source: 'reference', reference: event.currentTarget.value })}
        autosize
        minRows={2}
        maxRows={8}
        data-testid="shift-text"
      />
      <Group gap="xs">
        <Button onClick={score} loading={shift.isPending} disabled={text === '' || contenders.length < 2} data-testid="shift-score">
          {t('shift.score')}
        </Button>
        <Kbd size="xs">{t('run.shortcut')}</Kbd>
        {text === '' && (
          <Text size="xs" c="dimmed">
            {t('shift.noText')}
          </Text>
        )}
      </Group>
      {shift.error && <Alert color="red">{shift.error.message}</Alert>}
      {result && (
        <Stack gap="sm" data-testid="shift-result">
          <Group gap="md">
            <Text size="xs" c="dimmed">
              {result.alignment === 'tokens' ? t('shift.alignedTokens') : t('shift.alignedBytes')}
            </Text>
            <Group gap={4}>
              <span style={{ background: deltaBackground(3), padding: '0 6px', borderRadius: 3, fontSize: 12 }}>{t('shift.legendMore')}</span>
              <span style={{ background: deltaBackground(-3), padding: '0 6px', borderRadius: 3, fontSize: 12 }}>{t('shift.legendLess')}</span>
            </Group>
          </Group>
          {result.columns.map((column, index) => {
            const baseTotal = result.columns[result.baseline]?.totalLogprob ?? null;
            const delta = index === result.baseline || column.totalLogprob === null || baseTotal === null ? null : column.totalLogprob - baseTotal;
            return (
              <Card key={index} withBorder padding="sm" data-testid={`shift-column-${index}`}>
                <Group justify="space-between" mb={4}>
                  <Group gap="xs">
                    <Text fw={600} size="sm">
                      {index + 1}. {column.label}
                    </Text>
                    {index === result.baseline && (
                      <Badge size="xs" variant="light" color="gray">
                        {t('shift.baselineRow')}
                      </Badge>
                    )}
                  </Group>
                  {column.error === null && (
                    <Group gap="md">
                      <Text size="xs">
                        {t('shift.loss')} <b>{column.loss?.toFixed(3) ?? '—'}</b>
                      </Text>
                      <Text size="xs">
                        {t('shift.perplexity')} <b>{column.perplexity?.toFixed(2) ?? '—'}</b>
                      </Text>
                      <Text size="xs">
                        {t('shift.total')} <b>{column.totalLogprob?.toFixed(2) ?? '—'}</b>
                      </Text>
                      {delta !== null && (
                        <Text size="xs" c={delta >= 0 ? 'teal' : 'red'} data-testid={`shift-column-${index}-delta`}>
                          {t('shift.delta')} <b>{formatNats(delta)}</b>
                        </Text>
                      )}
                    </Group>
                  )}
                </Group>
                {column.error ? (
                  <Alert color="red" p="xs">
                    {t('shift.failedColumn', { name: column.label, message: column.error.message })}
                  </Alert>
                ) : (
                  <ShiftText segments={result.segments} column={index} baseline={result.baseline} hovered={hovered} onHover={setHovered} testId={`shift-text-${index}`} />
                )}
              </Card>
            );
          })}
          <ShiftPieceDetails result={result} piece={hovered} />
          <ShiftChart result={result} />
        </Stack>
      )}
    </Stack>
  );
}
