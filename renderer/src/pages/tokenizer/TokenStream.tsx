import { Box, Code, Group, Stack, Text } from '@mantine/core';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TokenView } from '../../../../electron/shared/contract/tokenizer.ts';
import { byteTokenCharacters, spacedHex, tokenParts, type TokenPart } from './tokenParts.ts';

/** Drawing more chips than this makes typing sluggish; counts always cover every token. */
const maxShownTokens = 4000;
const palette = ['blue', 'teal', 'grape', 'orange', 'lime'] as const;

interface TokenStreamProps {
  readonly tokens: readonly TokenView[];
  /** Per-token train weight; when given and `showMask`, untrained tokens are dimmed and trained ones underlined. */
  readonly mask?: readonly number[];
  readonly showMask?: boolean;
  readonly testId?: string;
}

function Part({ part }: { readonly part: TokenPart }) {
  switch (part.kind) {
    case 'text':
      return <>{part.value}</>;
    case 'space':
      return <span style={{ opacity: 0.55 }}>{part.value}</span>;
    case 'newline':
      return (
        <>
          <span style={{ opacity: 0.55 }}>↵</span>
          <br />
        </>
      );
    case 'byte':
      return (
        <Code
          data-testid="byte-chip"
          fz="xs"
          px={3}
          py={0}
          mx={1}
          style={{ border: '1px dashed var(--mantine-color-dimmed)', background: 'transparent' }}
        >
          {`<${part.value}>`}
        </Code>
      );
  }
}

export function TokenStream({ tokens, mask, showMask = false, testId }: TokenStreamProps) {
  const { t } = useTranslation('tokenizer');
  const [selected, setSelected] = useState<number | null>(null);
  const shown = useMemo(() => tokens.slice(0, maxShownTokens), [tokens]);
  const partOf = useMemo(() => byteTokenCharacters(shown), [shown]);
  const current = selected === null ? undefined : tokens[selected];

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const last = shown.length - 1;
    if (last < 0) return;
    const moves: Record<string, number> = {
      ArrowRight: Math.min((selected ?? -1) + 1, last),
      ArrowLeft: Math.max((selected ?? 1) - 1, 0),
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setSelected(next);
  };

  if (tokens.length === 0) return <Text c="dimmed">{t('stream.empty')}</Text>;
  return (
    <Stack gap="xs">
      <Box
        data-testid={testId}
        tabIndex={0}
        role="listbox"
        aria-label={t('stream.label')}
        aria-activedescendant={selected === null ? undefined : `${testId ?? 'tokens'}-${selected}`}
        onKeyDown={onKeyDown}
        style={{ lineHeight: 1.9, wordBreak: 'break-word', fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 }}
      >
        {shown.map((token, index) => {
          const weight = mask?.[index] ?? 0;
          const color = palette[index % palette.length] as string;
          const trained = showMask && weight > 0;
          return (
            <span
              key={index}
              id={`${testId ?? 'tokens'}-${index}`}
              role="option"
              aria-selected={selected === index}
              data-testid="token"
              data-token-id={token.id}
              data-special={token.special || undefined}
              data-trained={showMask ? String(weight > 0) : undefined}
              title={`#${index} · id ${token.id} · ${spacedHex(token.bytes)}${token.special ? ` · ${t('stream.special')}` : ''}${token.text === null ? ` · ${t('stream.byteToken')}${partOf[index] ? ` (${partOf[index]})` : ''}` : ''}`}
              onClick={() => setSelected(index)}
              style={{
                background: token.special ? 'var(--mantine-color-violet-filled)' : `var(--mantine-color-${color}-light)`,
                color: token.special ? 'var(--mantine-color-white)' : undefined,
                borderRadius: 3,
                padding: '1px 1px',
                marginRight: 1,
                cursor: 'pointer',
                outline: selected === index ? '2px solid var(--mantine-color-red-filled)' : undefined,
                opacity: showMask && !trained ? 0.4 : 1,
                borderBottom: trained ? '3px solid var(--mantine-color-green-filled)' : undefined,
              }}
            >
              {tokenParts(token).map((part, partIndex) => (
                <Part key={partIndex} part={part} />
              ))}
            </span>
          );
        })}
      </Box>
      {tokens.length > shown.length && (
        <Text size="xs" c="dimmed">
          {t('stream.truncated', { shown: shown.length, total: tokens.length })}
        </Text>
      )}
      {current && selected !== null ? (
        <Group gap="lg" data-testid="token-details">
          <Text size="sm" fw={500}>
            {t('stream.details', { index: selected + 1, total: tokens.length })}
          </Text>
          <Text size="sm">
            {t('stream.id')}: <Code>{current.id}</Code>
          </Text>
          <Text size="sm">
            {t('stream.bytes')}: <Code>{spacedHex(current.bytes)}</Code>
          </Text>
          <Text size="sm">
            {t('stream.text')}:{' '}
            {current.text === null ? (
              <Text span c="dimmed">
                {t('stream.notUtf8')}
                {partOf[selected] ? ` ${t('stream.partOf', { chars: partOf[selected] })}` : ''}
              </Text>
            ) : (
              <Code>{JSON.stringify(current.text)}</Code>
            )}
          </Text>
          {current.special && <Text size="sm" c="violet">{t('stream.special')}</Text>}
          {mask && (
            <Text size="sm">
              {t('stream.weight')}: <Code>{mask[selected] ?? 0}</Code>
            </Text>
          )}
        </Group>
      ) : (
        <Text size="xs" c="dimmed">
          {t('stream.keyboardHint')}
        </Text>
      )}
    </Stack>
  );
}
