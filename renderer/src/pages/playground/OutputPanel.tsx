import { Alert, Badge, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { GeneratedToken } from '../../../../electron/shared/contract/generate.ts';
import { tokenBackground, visibleToken } from './tokenColor.ts';
import type { GenerationRun } from './useGenerationRun.ts';

export interface TokenSelection {
  sample: number;
  index: number;
}

interface OutputPanelProps {
  run: GenerationRun;
  selected: TokenSelection | null;
  onSelect(selection: TokenSelection): void;
}

/** The streamed output of every sample: plain text, or coloured token chips when probabilities are known. */
export function OutputPanel({ run, selected, onSelect }: OutputPanelProps) {
  const { t } = useTranslation('playground');
  const result = run.result;
  return (
    <Card withBorder data-testid="playground-output">
      <Group justify="space-between" mb="xs">
        <Title order={5}>{t('output.title')}</Title>
        {run.running && (
          <Group gap={6}>
            <Loader size="xs" />
            <Text size="xs" c="dimmed">
              {t('output.generating')}
            </Text>
          </Group>
        )}
      </Group>
      {run.error && (
        <Alert color="red" mb="xs" data-testid="playground-error">
          {run.error}
        </Alert>
      )}
      {run.samples.length === 0 && !run.running && !run.error && (
        <Text c="dimmed" size="sm">
          {t('output.empty')}
        </Text>
      )}
      <Stack gap="md">
        {run.samples.map((sample, sampleIndex) => {
          const finished = result?.samples[sampleIndex];
          const withProbabilities = sample.tokens.some((token) => token.logprob !== null);
          return (
            <div key={sampleIndex} data-testid="output-sample">
              {(run.samples.length > 1 || finished) && (
                <Group gap="xs" mb={4}>
                  {run.samples.length > 1 && (
                    <Text size="xs" fw={600}>
                      {t('output.sample', { index: sampleIndex + 1, seed: finished?.seed ?? '…' })}
                    </Text>
                  )}
                  {finished && (
                    <Badge size="xs" variant="light">
                      {t(`output.finish.${finished.finishReason}`)}
                    </Badge>
                  )}
                </Group>
              )}
              {withProbabilities ? (
                <TokenChips tokens={sample.tokens} selectedIndex={selected?.sample === sampleIndex ? selected.index : null} onSelect={(index) => onSelect({ sample: sampleIndex, index })} />
              ) : (
                <Text style={{ whiteSpace: 'pre-wrap' }} ff="monospace" size="sm" data-testid="output-text">
                  {sample.text}
                </Text>
              )}
            </div>
          );
        })}
      </Stack>
      {result && (
        <Text size="xs" c="dimmed" mt="sm" data-testid="output-stats">
          {t('output.stats', {
            tokens: result.timings.generatedTokens,
            speed: result.timings.tokensPerSecond?.toFixed(1) ?? '—',
            ttft: result.timings.timeToFirstTokenMs === null ? '—' : Math.round(result.timings.timeToFirstTokenMs),
          })}{' '}
          · {t('output.sampler', { sampler: result.engine.sampler })}
        </Text>
      )}
    </Card>
  );
}

function TokenChips({ tokens, selectedIndex, onSelect }: { tokens: GeneratedToken[]; selectedIndex: number | null; onSelect(index: number): void }) {
  const { t } = useTranslation('playground');
  return (
    <div
      role="listbox"
      tabIndex={0}
      aria-label={t('inspector.hint')}
      style={{ lineHeight: 1.9, fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-sm)' }}
      data-testid="output-tokens"
      onKeyDown={(event) => {
        if (event.key === 'ArrowRight') onSelect(Math.min(tokens.length - 1, (selectedIndex ?? -1) + 1));
        if (event.key === 'ArrowLeft') onSelect(Math.max(0, (selectedIndex ?? 1) - 1));
      }}
    >
      {tokens.map((token, index) => (
        <span
          key={index}
          role="option"
          aria-selected={index === selectedIndex}
          data-testid="output-token"
          data-token-id={token.id}
          title={token.logprob === null ? token.text : `${token.text}  p=${Math.exp(token.logprob).toPrecision(3)}`}
          onClick={() => onSelect(index)}
          style={{
            background: tokenBackground(token.logprob),
            outline: index === selectedIndex ? '2px solid var(--mantine-color-blue-filled)' : undefined,
            borderBottom: token.forced ? '2px dashed var(--mantine-color-gray-6)' : undefined,
            borderRadius: 3,
            padding: '1px 1px',
            cursor: 'pointer',
            whiteSpace: 'pre-wrap',
          }}
        >
          {token.text.includes('\n') ? visibleToken(token.text) + '\n' : token.text}
        </span>
      ))}
    </div>
  );
}
