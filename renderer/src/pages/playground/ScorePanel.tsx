import { Button, Group, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AdapterRef } from '../../../../electron/shared/contract/generate.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { useSessionState } from '../../app/sessionStore.ts';
import { playgroundScoreResult, playgroundScoreText } from './playgroundStore.ts';
import { formatProbability, tokenBackground } from './tokenColor.ts';

/** Any text as a heat map of how surprised the model is by each token, with loss and perplexity. */
export function ScorePanel({ modelId, adapters }: { modelId: string | null; adapters: AdapterRef[] }) {
  const { t } = useTranslation('playground');
  const [text, setText] = useSessionState(playgroundScoreText);
  const [result, setResult] = useSessionState(playgroundScoreResult);
  const score = useApiMutation('generate.score');
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('score.intro')}
      </Text>
      <Textarea label={t('score.text')} placeholder={t('score.placeholder')} autosize minRows={3} maxRows={12} value={text} onChange={(event) => setText(event.currentTarget.value)} data-testid="score-text" />
      <Group>
        <Button size="xs" disabled={!modelId || text === ''} loading={score.isPending} onClick={() => modelId && score.mutate({ model: modelId, adapters, text, top: 5 }, { onSuccess: setResult })} data-testid="score-button">
          {t('score.run')}
        </Button>
        {score.error && (
          <Text size="sm" c="red">
            {score.error.message}
          </Text>
        )}
      </Group>
      {result && (
        <>
          <Group gap="xl" data-testid="score-summary">
            <Text size="sm">
              {t('score.loss')}: <b>{result.loss?.toFixed(3) ?? '—'}</b>
            </Text>
            <Text size="sm">
              {t('score.perplexity')}: <b>{result.perplexity?.toFixed(2) ?? '—'}</b>
            </Text>
            <Text size="sm">
              {t('score.tokens')}: <b>{result.scoredTokens}</b>
            </Text>
            <Text size="xs" c="dimmed">
              <span style={{ background: tokenBackground(-0.05) }}>&nbsp;&nbsp;&nbsp;</span> {t('score.legend')}{' '}
              <span style={{ background: tokenBackground(-8) }}>&nbsp;&nbsp;&nbsp;</span>
            </Text>
          </Group>
          <div style={{ lineHeight: 1.9, fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)', whiteSpace: 'pre-wrap' }} data-testid="score-heatmap">
            {result.tokens.map((token, index) => (
              <Tooltip
                key={index}
                multiline
                w={240}
                label={
                  token.logprob === null
                    ? t('score.first')
                    : `p=${formatProbability(token.logprob)} · −log P=${(-token.logprob).toFixed(2)}${token.top.length > 0 ? ` · ${token.top.map((alternative) => `${JSON.stringify(alternative.text)} ${formatProbability(alternative.logprob)}`).join(', ')}` : ''}`
                }
              >
                <span style={{ background: tokenBackground(token.logprob), borderRadius: 3 }} data-testid="score-token">
                  {token.text}
                </span>
              </Tooltip>
            ))}
          </div>
        </>
      )}
    </Stack>
  );
}
