import { Button, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpecialTokenMode, TokenizerRef } from '../../../../electron/shared/contract/tokenizer.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { sampleTexts, type SampleName } from './sampleTexts.ts';
import { TokenizerColumn } from './TokenizerColumn.tsx';

const defaultTokenizers: TokenizerRef[] = [
  { kind: 'tiktoken', encoding: 'cl100k_base' },
  { kind: 'tiktoken', encoding: 'o200k_base' },
];
const maxColumns = 4;
const sampleNames: readonly SampleName[] = ['mixed', 'english', 'chinese', 'special'];
const sampleLabelKeys: Record<SampleName, string> = {
  mixed: 'input.sampleMixed',
  english: 'input.sampleEnglish',
  chinese: 'input.sampleChinese',
  special: 'input.sampleSpecial',
};

/** One text, two or more tokenizers side by side. */
export function ComparePanel() {
  const { t } = useTranslation('tokenizer');
  const [text, setText] = useState<string>(sampleTexts.mixed);
  const [debouncedText] = useDebouncedValue(text, 200);
  const [specialTokens, setSpecialTokens] = useState<SpecialTokenMode>('text');
  const [tokenizers, setTokenizers] = useState<TokenizerRef[]>(defaultTokenizers);
  const encodings = useApiQuery('tokenizer.encodings', {}, { staleTime: Number.POSITIVE_INFINITY });

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group gap="xs">
          <Text size="sm">{t('input.samples')}:</Text>
          {sampleNames.map((name) => (
            <Button key={name} size="compact-xs" variant="light" onClick={() => setText(sampleTexts[name])} data-testid={`sample-${name}`}>
              {t(sampleLabelKeys[name])}
            </Button>
          ))}
        </Group>
        <Group gap="xs">
          <Text size="sm" title={t('special.hint')}>
            {t('special.label')}
          </Text>
          <SegmentedControl
            size="xs"
            value={specialTokens}
            onChange={(value) => setSpecialTokens(value as SpecialTokenMode)}
            data={[
              { value: 'text', label: t('special.text') },
              { value: 'allow', label: t('special.allow') },
            ]}
            data-testid="special-tokens-mode"
          />
        </Group>
      </Group>
      <div data-testid="tokenizer-text">
        <CodeMirror
          value={text}
          onChange={setText}
          minHeight="90px"
          maxHeight="260px"
          aria-label={t('input.label')}
          basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false }}
          extensions={[EditorView.lineWrapping]}
        />
      </div>
      <Group align="stretch" wrap="wrap" gap="sm">
        {tokenizers.map((tokenizer, index) => (
          <TokenizerColumn
            key={index}
            index={index}
            tokenizer={tokenizer}
            text={debouncedText}
            specialTokens={specialTokens}
            encodings={encodings.data ?? []}
            onTokenizerChange={(next) => setTokenizers((current) => current.map((entry, i) => (i === index ? next : entry)))}
            onRemove={tokenizers.length > 2 ? () => setTokenizers((current) => current.filter((_, i) => i !== index)) : null}
          />
        ))}
      </Group>
      {tokenizers.length < maxColumns && (
        <Button
          variant="default"
          w="fit-content"
          onClick={() => setTokenizers((current) => [...current, { kind: 'tiktoken', encoding: 'p50k_base' }])}
          data-testid="add-tokenizer"
        >
          {t('picker.add')}
        </Button>
      )}
    </Stack>
  );
}
