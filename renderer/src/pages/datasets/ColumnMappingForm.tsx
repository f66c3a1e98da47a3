import { Select, SimpleGrid, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ColumnMapping, DatasetFormat, DatasetKind } from '../../../../electron/shared/contract/datasets.ts';

type Column = keyof ColumnMapping;

/** The columns each format reads (LLaMA-Factory's names), with the usual key in brackets. */
function columnsOf(format: DatasetFormat, kind: DatasetKind): [Column, string][] {
  const pair: [Column, string][] = kind === 'preference' ? [['chosen', 'chosen'], ['rejected', 'rejected']] : [];
  switch (format) {
    case 'alpaca':
      return [['prompt', 'instruction'], ['query', 'input'], ...(kind === 'preference' ? pair : [['response', 'output'] as [Column, string]]), ['system', 'system'], ['history', 'history']];
    case 'sharegpt':
      return [['messages', 'conversations'], ['system', 'system'], ...pair];
    case 'openai':
      return [['messages', 'messages']];
    case 'text':
      return [['text', 'text']];
    case 'trl-implicit':
      return [['chosen', 'chosen'], ['rejected', 'rejected']];
    default:
      return [['prompt', 'prompt'], ['chosen', 'chosen'], ['rejected', 'rejected']];
  }
}

interface ColumnMappingFormProps {
  readonly format: DatasetFormat;
  readonly kind: DatasetKind;
  readonly keys: readonly string[];
  readonly value: ColumnMapping;
  readonly onChange: (value: ColumnMapping) => void;
}

/** Which key of the file holds each part of a row, for files whose keys are not the usual ones. */
export function ColumnMappingForm({ format, kind, keys, value, onChange }: ColumnMappingFormProps) {
  const { t } = useTranslation('datasets');
  return (
    <div data-testid="column-mapping">
      <Text size="sm" c="dimmed" mb={4}>
        {t('import.columnsHint')}
      </Text>
      <SimpleGrid cols={2} spacing="xs">
        {columnsOf(format, kind).map(([column, usual]) => (
          <Select
            key={column}
            size="xs"
            label={`${column} (${usual})`}
            placeholder={usual}
            clearable
            searchable
            data={[...new Set([...keys, ...(value[column] ? [value[column] as string] : [])])]}
            value={value[column] ?? null}
            onChange={(next) => {
              const updated = { ...value };
              if (next) updated[column] = next;
              else delete updated[column];
              onChange(updated);
            }}
            data-testid={`column-${column}`}
          />
        ))}
      </SimpleGrid>
    </div>
  );
}
