import { Autocomplete, Group, Select } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EncodingInfo, TokenizerRef } from '../../../../electron/shared/contract/tokenizer.ts';
import { useApiQuery } from '../../api/hooks.ts';

interface TokenizerPickerProps {
  readonly value: TokenizerRef;
  readonly onChange: (value: TokenizerRef) => void;
  readonly encodings: readonly EncodingInfo[];
  readonly testId?: string;
}

const modelChoice = 'model';

/** An OpenAI encoding, or a model's own tokenizer named by library name, id or GGUF path (applied on Enter or blur). */
export function TokenizerPicker({ value, onChange, encodings, testId }: TokenizerPickerProps) {
  const { t } = useTranslation('tokenizer');
  const library = useApiQuery('models.list', {});
  // Choosing "model" shows the path field before there is a model to switch to.
  const [choice, setChoice] = useState(value.kind === 'tiktoken' ? `tiktoken:${value.encoding}` : modelChoice);
  const [modelDraft, setModelDraft] = useState(value.kind === 'model' ? value.model : '');
  useEffect(() => {
    setChoice(value.kind === 'tiktoken' ? `tiktoken:${value.encoding}` : modelChoice);
    if (value.kind === 'model') setModelDraft(value.model);
  }, [value]);

  const commitModel = (): void => {
    const model = modelDraft.trim();
    if (model !== '' && (value.kind !== 'model' || value.model !== model)) onChange({ kind: 'model', model });
  };

  return (
    <Group gap="xs" align="flex-end" wrap="nowrap" data-testid={testId}>
      <Select
        label={t('picker.kind')}
        value={choice}
        allowDeselect={false}
        w={190}
        data={[
          { group: t('picker.tiktoken'), items: encodings.map((encoding) => ({ value: `tiktoken:${encoding.name}`, label: encoding.name })) },
          { group: t('picker.model'), items: [{ value: modelChoice, label: t('picker.model') }] },
        ]}
        onChange={(next) => {
          if (!next) return;
          setChoice(next);
          if (next.startsWith('tiktoken:')) onChange({ kind: 'tiktoken', encoding: next.slice('tiktoken:'.length) as EncodingInfo['name'] });
          else if (modelDraft.trim() !== '') onChange({ kind: 'model', model: modelDraft.trim() });
        }}
        data-testid={testId ? `${testId}-kind` : undefined}
      />
      {choice === modelChoice && (
        <Autocomplete
          flex={1}
          label={t('picker.model')}
          placeholder={t('picker.modelPlaceholder')}
          data={[...new Set((library.data ?? []).map((model) => model.name))]}
          value={modelDraft}
          onChange={setModelDraft}
          onOptionSubmit={(model) => model !== (value.kind === 'model' ? value.model : '') && onChange({ kind: 'model', model })}
          onBlur={commitModel}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitModel();
          }}
          data-testid={testId ? `${testId}-model` : undefined}
        />
      )}
    </Group>
  );
}
