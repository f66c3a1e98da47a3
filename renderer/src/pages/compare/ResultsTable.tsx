import { Badge, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cellAt, type CompareJobState } from './compareJobState.ts';

/** Prompts down, contenders across; a click on an answer shows it whole. */
export function ResultsTable({ state, prompts }: { state: CompareJobState; prompts: readonly string[] }) {
  const { t } = useTranslation('compare');
  const [expanded, setExpanded] = useState<string | null>(null);
  const columns = Array.from({ length: state.columns }, (_, column) => column);
  return (
    <Table.ScrollContainer minWidth={300 + 260 * state.columns} maxHeight={560}>
      <Table striped withTableBorder withColumnBorders stickyHeader verticalSpacing={6} data-testid="results-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>#</Table.Th>
            <Table.Th w={260}>{t('sets.prompt')}</Table.Th>
            {columns.map((column) => (
              <Table.Th key={column}>
                {column + 1}. {state.labels[column] ?? ''}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {prompts.map((prompt, promptIndex) => (
            <Table.Tr key={promptIndex} data-testid={`results-row-${promptIndex}`}>
              <Table.Td>{promptIndex + 1}</Table.Td>
              <Table.Td>
                <Text size="xs" lineClamp={4} style={{ whiteSpace: 'pre-wrap' }}>
                  {prompt}
                </Text>
              </Table.Td>
              {columns.map((column) => {
                const live = cellAt(state, promptIndex, column);
                const key = `${promptIndex}:${column}`;
                const timings = live.cell?.timings;
                return (
                  <Table.Td key={column} style={{ verticalAlign: 'top', cursor: 'pointer' }} onClick={() => setExpanded(expanded === key ? null : key)} data-testid={`results-cell-${promptIndex}-${column}`}>
                    {live.cell?.error ? (
                      <Text size="xs" c="red">
                        {live.cell.error.message}
                      </Text>
                    ) : live.status === 'done' || live.status === 'streaming' ? (
                      <Text size="xs" lineClamp={expanded === key ? undefined : 6} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                        {live.text}
                      </Text>
                    ) : (
                      <Badge size="xs" variant="light" color="gray">
                        {t(`column.${live.status}`)}
                      </Badge>
                    )}
                    {timings && (
                      <Text size="10px" c="dimmed" mt={2}>
                        {t('sets.stats', { tokens: timings.generatedTokens, speed: timings.tokensPerSecond?.toFixed(1) ?? '—' })}
                      </Text>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
