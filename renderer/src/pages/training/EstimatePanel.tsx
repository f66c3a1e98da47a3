import { Alert, Badge, Card, Group, List, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TrainingEstimate } from '../../../../electron/shared/contract/training.ts';
import { reasonText } from '../../api/errorText.ts';
import { formatBytes } from '../../app/formatBytes.ts';
import { formatCount, formatDuration } from './trainingFormat.ts';
import { skippedRowText, verdictLines } from './estimateVerdict.ts';

/** Skipped rows shown by name; the rest are counted (a 10k-row dataset can skip thousands). */
const maxSkippedShown = 8;

/** What the run would do and whether it can: support, sizes, steps, memory verdict, skipped rows, time. */
export function EstimatePanel({ estimate, loading, error }: { estimate: TrainingEstimate | undefined; loading: boolean; error: Error | null }) {
  const { t } = useTranslation('training');
  if (error) {
    return (
      <Alert color="red" data-testid="training-estimate-error">
        {t('estimate.failed', { message: error.message })}
      </Alert>
    );
  }
  if (!estimate) {
    return loading ? (
      <Text size="sm" c="dimmed">
        {t('form.estimating')}
      </Text>
    ) : null;
  }
  const rows: [key: string, value: string][] = [
    ['trainable', formatCount(estimate.trainableParameters)],
    ['rows', `${estimate.trainRows} / ${estimate.validationRows}`],
    ['tokens', `${formatCount(estimate.tokensPerEpoch)} (${formatCount(estimate.targetTokensPerEpoch)})`],
    ['steps', String(estimate.totalSteps)],
    ['time', formatDuration(estimate.estimatedSeconds)],
  ];
  return (
    <Card withBorder padding="xs" data-testid="training-estimate" data-supported={estimate.supported} data-fits={estimate.fits} style={{ opacity: loading ? 0.6 : 1 }}>
      <Stack gap={6}>
        <Group gap="xs">
          <Text size="sm" fw={500}>
            {t('estimate.title')}
          </Text>
          <Badge color={estimate.supported ? 'green' : 'red'} variant="light">
            {estimate.supported ? t('estimate.supported', { backend: estimate.backend }) : t('estimate.unsupported', { reason: estimate.why ? reasonText(t, estimate.why) : (estimate.reason ?? ''), interpolation: { escapeValue: false } })}
          </Badge>
        </Group>
        <Table fz="sm" withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {rows.map(([key, value]) => (
              <Table.Tr key={key}>
                <Table.Td c="dimmed">{t(`estimate.${key}`)}</Table.Td>
                <Table.Td data-testid={`training-estimate-${key}`}>{value}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td c="dimmed">{t('estimate.memory')}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Text size="sm">{t('estimate.memoryValue', { need: formatBytes(estimate.memoryBytes), free: formatBytes(estimate.freeMemoryBytes) })}</Text>
                  <Badge color={estimate.fits ? 'green' : 'red'} data-testid="training-estimate-fits">
                    {estimate.fits ? t('estimate.fits') : t('estimate.noFit')}
                  </Badge>
                </Group>
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        {verdictLines(t, estimate).map((line) => (
          <Text key={line} size="sm" data-testid="training-estimate-verdict">
            {line}
          </Text>
        ))}
        {estimate.skipped.length > 0 && (
          <Stack gap={2} data-testid="training-estimate-skipped">
            <Text size="sm" c="orange">
              {t('estimate.skipped', { count: estimate.skipped.length })}
            </Text>
            <List size="xs">
              {estimate.skipped.slice(0, maxSkippedShown).map((skip, index) => (
                <List.Item key={index}>{skippedRowText(t, skip)}</List.Item>
              ))}
              {estimate.skipped.length > maxSkippedShown && <List.Item>…</List.Item>}
            </List>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
