import { Group, Slider, Stack, Text, TextInput } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../../api/hooks.ts';
import { MergeText } from './MergeText.tsx';

const chipColors = ['blue', 'teal', 'grape', 'orange'] as const;

/**
 * Type a sentence and slide through the merges: with 0 merges every byte is a token, and each merge the slider
 * passes glues pieces together until frequent words are single tokens. The engine cuts the trained tokenizer.
 */
export function TokenizerAtMerge({ tokenizerPath, totalMerges }: { readonly tokenizerPath: string; readonly totalMerges: number }) {
  const { t } = useTranslation('pretraining');
  const [text, setText] = useState(() => t('world.atMerge.sample'));
  const [dragging, setDragging] = useState(totalMerges);
  const [merges, setMerges] = useState(totalMerges);
  const tokens = useApiQuery('pretraining.tokenizeAtMerge', { tokenizerPath, text, merges }, { placeholderData: keepPreviousData });
  return (
    <Stack gap={6} data-testid="tokenizer-at-merge">
      <Text size="sm" fw={500}>
        {t('world.atMerge.title')}
      </Text>
      <TextInput label={t('world.atMerge.text')} value={text} onChange={(event) => setText(event.currentTarget.value)} data-testid="merge-sample-text" />
      <Text size="xs" c="dimmed" data-testid="merge-slider-label">
        {t('world.atMerge.merges', { merges: dragging, total: totalMerges })}
      </Text>
      <Slider min={0} max={totalMerges} value={dragging} onChange={setDragging} onChangeEnd={setMerges} label={(value) => `K = ${value}`} data-testid="merge-slider" />
      {tokens.error && <Text c="red" size="sm">{tokens.error.message}</Text>}
      {tokens.data && (
        <>
          <Text size="xs" c="dimmed" data-testid="merge-sample-count">
            {t('world.atMerge.tokens', { count: tokens.data.tokens.length })}
          </Text>
          <Group gap={3}>
            {tokens.data.tokens.map((token, index) => (
              <Text
                key={index}
                span
                size="sm"
                px={4}
                bg={`var(--mantine-color-${chipColors[index % chipColors.length]}-light)`}
                style={{ borderRadius: 3 }}
                title={`id ${token.id}`}
                data-testid="merge-sample-token"
              >
                <MergeText text={token.text} />
              </Text>
            ))}
          </Group>
        </>
      )}
    </Stack>
  );
}
