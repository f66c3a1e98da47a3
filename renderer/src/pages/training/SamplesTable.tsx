import { Card, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TrainingSample } from '../../../../electron/shared/contract/training.ts';
import { sampleGrid } from './chartData.ts';
import { reasonText } from '../../api/errorText.ts';

/** Prompt × checkpoint step: read a row left to right to watch one answer change as training goes on. */
export function SamplesTable({ samples }: { samples: readonly TrainingSample[] }) {
  const { t } = useTranslation('training');
  const grid = sampleGrid(samples);
  return (
    <Card withBorder padding="xs" data-testid="training-samples">
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('samples.title')}
        </Text>
        <Text size="xs" c="dimmed">
          {grid.prompts.length === 0 ? t('samples.none') : t('samples.help')}
        </Text>
        {grid.prompts.length > 0 && (
          <ScrollArea type="auto">
            <Table withColumnBorders striped fz="xs" miw={240 * (grid.steps.length + 1)}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={220}>{t('samples.prompt')}</Table.Th>
                  {grid.steps.map((step) => (
                    <Table.Th key={step}>{t('samples.step', { step })}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {grid.prompts.map((prompt) => (
                  <Table.Tr key={prompt}>
                    <Table.Td style={{ whiteSpace: 'pre-wrap', verticalAlign: 'top' }}>{prompt}</Table.Td>
                    {grid.steps.map((step) => (
                      <Table.Td key={step} style={{ whiteSpace: 'pre-wrap', verticalAlign: 'top', fontFamily: 'monospace' }} data-testid="training-sample-cell" data-step={step}>
                        <SampleCell sample={grid.sample(prompt, step)} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea>
        )}
      </Stack>
    </Card>
  );
}

/** One answer; a sample that could not be generated says why, a shortened prompt says so. */
function SampleCell({ sample }: { sample: TrainingSample | null }) {
  const { t } = useTranslation('training');
  if (!sample) return '—';
  if (sample.error !== undefined) {
    return (
      <Text span size="xs" c="red" data-testid="training-sample-error">
        {t('samples.failed', { message: sample.errorReason ? reasonText(t, sample.errorReason) : sample.error, interpolation: { escapeValue: false } })}
      </Text>
    );
  }
  return (
    <>
      {sample.output}
      {sample.truncated && (
        <Text size="xs" c="dimmed">
          {t('samples.truncated')}
        </Text>
      )}
    </>
  );
}
