import { Card, Group, Select, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { outputDiff } from './outputDiff.ts';

interface OutputDiffProps {
  readonly labels: readonly string[];
  readonly texts: readonly string[];
  readonly left: number;
  readonly right: number;
  readonly onPair: (left: number, right: number) => void;
}

/** Word-level differences between two columns: struck red only in the left one, green only in the right one. */
export function OutputDiff({ labels, texts, left, right, onPair }: OutputDiffProps) {
  const { t, i18n } = useTranslation('compare');
  const parts = useMemo(() => outputDiff(texts[left] ?? '', texts[right] ?? '', i18n.language), [texts, left, right, i18n.language]);
  const options = labels.map((label, index) => ({ value: String(index), label: `${index + 1}. ${label}` }));
  const same = parts.every((part) => part.kind === 'same');
  return (
    <Card withBorder padding="sm" data-testid="output-diff">
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm">{t('view.diffOf')}</Text>
          <Select size="xs" w={240} data={options} value={String(left)} onChange={(value) => value !== null && onPair(Number(value), right)} allowDeselect={false} />
          <Text size="sm">{t('view.and')}</Text>
          <Select size="xs" w={240} data={options} value={String(right)} onChange={(value) => value !== null && onPair(left, Number(value))} allowDeselect={false} />
        </Group>
        <Group gap="md">
          <Text size="xs" style={{ background: 'var(--mantine-color-red-light)', textDecoration: 'line-through', padding: '0 4px' }}>
            {t('view.removed', { name: `${left + 1}` })}
          </Text>
          <Text size="xs" style={{ background: 'var(--mantine-color-green-light)', padding: '0 4px' }}>
            {t('view.added', { name: `${right + 1}` })}
          </Text>
        </Group>
        {same ? (
          <Text size="sm" c="dimmed">
            {t('view.identical')}
          </Text>
        ) : (
          <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontSize: 14, lineHeight: 1.6 }}>
            {parts.map((part, index) =>
              part.kind === 'same' ? (
                <span key={index}>{part.text}</span>
              ) : (
                <span
                  key={index}
                  data-diff={part.kind}
                  style={{
                    background: part.kind === 'added' ? 'var(--mantine-color-green-light)' : 'var(--mantine-color-red-light)',
                    textDecoration: part.kind === 'removed' ? 'line-through' : undefined,
                    borderRadius: 3,
                  }}
                >
                  {part.text}
                </span>
              ),
            )}
          </div>
        )}
      </Stack>
    </Card>
  );
}
