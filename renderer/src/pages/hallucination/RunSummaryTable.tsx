import { ActionIcon, Card, ColorSwatch, Group, Table, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RunRecord } from '../../../../electron/shared/contract/hallucination.ts';
import { formatScore, formatShare, runColorValues } from './labels.ts';

/** The overall numbers of each compared run, SimpleQA-style. */
export function RunSummaryTable({ runs, onDelete }: { runs: readonly RunRecord[]; onDelete(runId: string): void }) {
  const { t } = useTranslation('hallucination');
  return (
    <Card withBorder p={0}>
      <Table data-testid="run-summary-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('results.table.run')}</Table.Th>
            <Table.Th>{t('results.table.score')}</Table.Th>
            <Table.Th>{t('results.table.correct')}</Table.Th>
            <Table.Th>{t('results.table.incorrect')}</Table.Th>
            <Table.Th>{t('results.table.notAttempted')}</Table.Th>
            <Table.Th>{t('results.table.attemptedAccuracy')}</Table.Th>
            <Table.Th>{t('results.table.fScore')}</Table.Th>
            <Table.Th>{t('results.table.agreement')}</Table.Th>
            <Table.Th>{t('results.table.refusalShare')}</Table.Th>
            <Table.Th>{t('results.table.choices')}</Table.Th>
            <Table.Th>{t('results.table.contextFixed')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run, index) => {
            const overall = run.summary?.overall;
            return (
              <Table.Tr key={run.id}>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <ColorSwatch size={10} color={runColorValues[index % runColorValues.length]!} />
                    <Text size="sm">{run.label}</Text>
                  </Group>
                </Table.Td>
                <Table.Td data-testid="run-score">{overall ? formatScore(overall.score) : run.state}</Table.Td>
                <Table.Td>{overall ? `${overall.correct} (${formatShare(overall.correctRate)})` : ''}</Table.Td>
                <Table.Td>{overall?.incorrect}</Table.Td>
                <Table.Td>{overall?.notAttempted}</Table.Td>
                <Table.Td>{formatShare(overall?.attemptedAccuracy)}</Table.Td>
                <Table.Td>{overall ? overall.fScore.toFixed(2) : ''}</Table.Td>
                <Table.Td>{formatShare(overall?.meanAgreement)}</Table.Td>
                <Table.Td>{formatShare(overall?.meanRefusalShare)}</Table.Td>
                <Table.Td>{formatShare(overall?.multipleChoiceAccuracy)}</Table.Td>
                <Table.Td>{overall ? `+${overall.contextFixed} / −${overall.contextBroke}` : ''}</Table.Td>
                <Table.Td>
                  <Tooltip label={t('results.delete')}>
                    <ActionIcon variant="subtle" color="red" onClick={() => onDelete(run.id)} aria-label={t('results.delete')}>
                      ×
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
