import { Badge, Card, Code, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ItemResult, ScoredOutput } from '../../../../electron/shared/contract/hallucination.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { formatShare, runColors } from './labels.ts';
import { OverrideControl } from './OverrideControl.tsx';
import { VerdictBadge } from './VerdictBadge.tsx';

/** The phrases the scorer found: how a verdict was reached, without a judge model. */
function Signals({ scored }: { scored: ScoredOutput }) {
  const { t } = useTranslation('hallucination');
  const groups = [
    ['signals.references', scored.signals.matchedReferences],
    ['signals.incorrect', scored.signals.matchedIncorrect],
    ['signals.refusal', scored.signals.refusalPhrases],
    ['signals.premise', scored.signals.premisePhrases],
    ['signals.clarify', scored.signals.clarifyPhrases],
  ] as const;
  return (
    <Stack gap={2}>
      <Text size="sm" data-testid="verdict-reason">
        {t(`reasons.${scored.reason}`)}
      </Text>
      {groups
        .filter(([, phrases]) => phrases.length > 0)
        .map(([key, phrases]) => (
          <Text size="xs" key={key}>
            {t(key)}: {phrases.map((phrase) => `“${phrase}”`).join(', ')}
          </Text>
        ))}
      {scored.signals.echoRemoved && (
        <Text size="xs" c="dimmed">
          {t('signals.echo')}
        </Text>
      )}
    </Stack>
  );
}

function Reply({ scored }: { scored: ScoredOutput }) {
  return (
    <Code block style={{ whiteSpace: 'pre-wrap' }} data-testid="item-output">
      {scored.output || '∅'}
    </Code>
  );
}

function ResultView({ runId, result }: { runId: string; result: ItemResult }) {
  const { t } = useTranslation('hallucination');
  const first = result.samples[0]!;
  const choices = result.multipleChoice;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <VerdictBadge verdict={result.verdict} overridden={result.override !== null} />
      </Group>
      <Reply scored={first} />
      <Signals scored={first} />
      {result.samples.length > 1 && (
        <Stack gap={2}>
          <Text size="xs" fw={600}>
            {t('item.correctFraction', { correct: Math.round(result.correctFraction * result.samples.length), total: result.samples.length, agreement: formatShare(result.agreement) })}
          </Text>
          <List size="xs">
            {result.samples.map((sample, index) => (
              <List.Item key={index}>
                <VerdictBadge verdict={sample.verdict} /> {sample.output.slice(0, 200)}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
      {result.refusal?.refusalShare != null && <Text size="xs">{t('item.refusal', { share: formatShare(result.refusal.refusalShare) })}</Text>}
      {choices && (
        <Text size="xs" data-testid="choice-result">
          {t('item.choices', { chosen: choices.choices[choices.chosen], normalized: choices.choices[choices.chosenNormalized], correct: choices.choices[choices.correctChoice] })}
        </Text>
      )}
      {result.context && (
        <Card withBorder p="xs" data-testid="context-result">
          <Text size="xs" fw={600}>
            {t('item.context')}
          </Text>
          <Group gap="xs" my={4}>
            <VerdictBadge verdict={result.context.verdict} />
          </Group>
          <Reply scored={result.context} />
          <Signals scored={result.context} />
        </Card>
      )}
      <Text size="xs" c="dimmed">
        {t('item.why')}: {result.why}
      </Text>
      <OverrideControl key={`${result.verdict}-${result.override?.at ?? ''}`} runId={runId} result={result} />
    </Stack>
  );
}

/** One run's full result for one item (loaded once per run and cached). */
export function ItemDetail({ runId, runIndex, runLabel, itemId }: { runId: string; runIndex: number; runLabel: string; itemId: string }) {
  const { t } = useTranslation('hallucination');
  const run = useApiQuery('hallucination.getRun', { runId });
  const result = run.data?.items.find((item) => item.itemId === itemId);
  return (
    <Card withBorder p="sm" data-testid="item-detail">
      <Badge color={runColors[runIndex % runColors.length]} variant="dot" mb="xs">
        {runLabel}
      </Badge>
      {result ? <ResultView runId={runId} result={result} /> : <Text c="dimmed">{run.isLoading ? '…' : t('item.noResult')}</Text>}
    </Card>
  );
}
