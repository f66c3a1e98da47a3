import { ActionIcon, Alert, Card, Group, Loader, Stack, Text, Tooltip } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { EncodingInfo, SpecialTokenMode, TokenizerRef } from '../../../../electron/shared/contract/tokenizer.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { SpecialTokenList } from './SpecialTokenList.tsx';
import { TokenCounts } from './TokenCounts.tsx';
import { TokenizerPicker } from './TokenizerPicker.tsx';
import { TokenStream } from './TokenStream.tsx';

interface TokenizerColumnProps {
  readonly index: number;
  readonly tokenizer: TokenizerRef;
  readonly onTokenizerChange: (tokenizer: TokenizerRef) => void;
  readonly onRemove: (() => void) | null;
  readonly text: string;
  readonly specialTokens: SpecialTokenMode;
  readonly encodings: readonly EncodingInfo[];
}

/** One tokenizer's view of the shared text: picker, counts, and the coloured token stream. */
export function TokenizerColumn({ index, tokenizer, onTokenizerChange, onRemove, text, specialTokens, encodings }: TokenizerColumnProps) {
  const { t } = useTranslation('tokenizer');
  const encoded = useApiQuery('tokenizer.encode', { tokenizer, text, specialTokens }, { placeholderData: keepPreviousData });
  const encoding = tokenizer.kind === 'tiktoken' ? encodings.find((entry) => entry.name === tokenizer.encoding) : undefined;
  const modelInfo = useApiQuery('tokenizer.modelInfo', { model: tokenizer.kind === 'model' ? tokenizer.model : '' }, { enabled: tokenizer.kind === 'model', staleTime: 60_000 });
  const specialTokenList = encoding?.specialTokens ?? modelInfo.data?.specialTokens ?? [];

  return (
    <Card withBorder padding="sm" data-testid={`tokenizer-column-${index}`} miw={320} style={{ flex: 1 }}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="nowrap">
          <TokenizerPicker value={tokenizer} onChange={onTokenizerChange} encodings={encodings} testId={`tokenizer-picker-${index}`} />
          {encoded.isFetching && <Loader size="xs" />}
          {onRemove && (
            <Tooltip label={t('picker.remove')}>
              <ActionIcon variant="subtle" color="gray" aria-label={t('picker.remove')} onClick={onRemove}>
                ×
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
        <Group gap="xs">
          {encoding && (
            <Text size="xs" c="dimmed">
              {t('picker.encodingUsedBy', { models: encoding.usedBy })}
            </Text>
          )}
          {encoded.data?.tokenizer.kind === 'model' && (
            <Text size="xs" c="dimmed">
              {encoded.data.tokenizer.algorithm} · {encoded.data.tokenizer.vocabSize}
            </Text>
          )}
          <SpecialTokenList tokens={specialTokenList} />
        </Group>
        {encoded.error && (
          <Alert color="red" title={t('errors.failed')} data-testid="tokenizer-error">
            {encoded.error.message}
          </Alert>
        )}
        {encoded.data && (
          <>
            <TokenCounts stats={encoded.data.stats} />
            {encoded.data.specialTextFound.length > 0 && (
              <Text size="xs" c="orange">
                {t('special.foundAsText', { tokens: encoded.data.specialTextFound.join(' ') })}
              </Text>
            )}
            <TokenStream tokens={encoded.data.tokens} testId={`token-stream-${index}`} />
          </>
        )}
      </Stack>
    </Card>
  );
}
