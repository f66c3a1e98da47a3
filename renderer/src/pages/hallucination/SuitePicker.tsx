import { Alert, Button, Group, List, MultiSelect, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoadedSuite, SuiteSource } from '../../../../electron/shared/contract/hallucination.ts';
import { shownError } from '../../api/errorText.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { categoryLabel } from './labels.ts';
import { suiteErrorText } from './suiteErrorText.ts';

interface SuitePickerProps {
  source: SuiteSource;
  onSource(source: SuiteSource): void;
  categories: string[];
  onCategories(categories: string[]): void;
}

/** The built-in suite or a user's JSONL file; a file is checked line by line before it is run. */
export function SuitePicker({ source, onSource, categories, onCategories }: SuitePickerProps) {
  const { t } = useTranslation('hallucination');
  const [path, setPath] = useState(source.kind === 'file' ? source.path : '');
  const builtin = useApiQuery('hallucination.loadSuite', { source: { kind: 'builtin' } }, { staleTime: Infinity });
  const check = useApiMutation('hallucination.loadSuite');
  const [checked, setChecked] = useState<LoadedSuite | null>(null);
  const suite = source.kind === 'builtin' ? builtin.data : checked;
  const available = [...new Set(suite?.items.map((item) => item.category) ?? [])];

  return (
    <Stack gap="xs">
      <SegmentedControl
        data-testid="suite-kind"
        value={source.kind === 'builtin' ? 'builtin' : 'file'}
        onChange={(kind) => {
          onCategories([]);
          onSource(kind === 'builtin' ? { kind: 'builtin' } : { kind: 'file', path });
        }}
        data={[
          { value: 'builtin', label: t('suite.builtin') },
          { value: 'file', label: t('suite.file') },
        ]}
      />
      {source.kind !== 'builtin' && (
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            flex={1}
            label={t('suite.path')}
            placeholder={t('suite.pathPlaceholder')}
            value={path}
            data-testid="suite-path"
            onChange={(event) => {
              setPath(event.currentTarget.value);
              onSource({ kind: 'file', path: event.currentTarget.value });
            }}
          />
          <Button
            variant="light"
            disabled={path.trim() === ''}
            loading={check.isPending}
            onClick={() => check.mutate({ source: { kind: 'file', path: path.trim() } }, { onSuccess: setChecked, onError: () => setChecked(null) })}
          >
            {t('suite.check')}
          </Button>
        </Group>
      )}
      {suite && (
        <Text size="sm" c="dimmed" data-testid="suite-count">
          {t('suite.items', { count: suite.items.length })}
          {suite.errors.length > 0 ? ` · ${t('suite.problems', { count: suite.errors.length })}` : ''}
        </Text>
      )}
      {source.kind !== 'builtin' && check.error && (
        <Alert color="red" data-testid="suite-load-error">
          {shownError(check.error)}
        </Alert>
      )}
      {suite && suite.errors.length > 0 && (
        <Alert color="red" data-testid="suite-errors">
          <List size="sm">
            {suite.errors.slice(0, 20).map((error, index) => (
              <List.Item key={index}>
                {t('suite.errorLine', { line: error.line })}
                {' · '}
                {suiteErrorText(t, error)}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      <MultiSelect
        label={t('suite.categories')}
        placeholder={categories.length === 0 ? t('suite.allCategories') : undefined}
        data={available.map((category) => ({ value: category, label: categoryLabel(t, category) }))}
        value={categories}
        onChange={onCategories}
        clearable
        data-testid="suite-categories"
      />
    </Stack>
  );
}
