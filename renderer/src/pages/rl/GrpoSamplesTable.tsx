import { Card, Group, NumberInput, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { GrpoProgress } from '../../../../electron/shared/contract/rl.ts';

type Sample = Extract<GrpoProgress, { type: 'samples' }>['samples'][number];

/** The replies GRPO sampled at one step, with the reward each got and its advantage within its group. */
export function GrpoSamplesTable({ byStep, step, onStep }: { byStep: Map<number, Sample[]>; step: number | null; onStep: (step: number) => void }) {
  const { t } = useTranslation('rl');
  const steps = [...byStep.keys()];
  const shown = step ?? steps.at(-1) ?? null;
  const samples = shown === null ? [] : (byStep.get(shown) ?? []);
  return (
    <Card withBorder padding="xs" data-testid="grpo-samples">
      <Stack gap={4}>
        <Group justify="space-between">
          <Text size="sm" fw={500}>
            {t('samples.title')}
          </Text>
          {steps.length > 0 && (
            <NumberInput
              size="xs"
              w={120}
              label={t('samples.step')}
              value={shown ?? undefined}
              min={Math.min(...steps)}
              max={Math.max(...steps)}
              onChange={(value) => typeof value === 'number' && onStep(value)}
              data-testid="grpo-samples-step"
            />
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t('samples.help')}
        </Text>
        {samples.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('samples.none')}
          </Text>
        ) : (
          <ScrollArea h={260}>
            <Table striped withTableBorder fz="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('samples.prompt')}</Table.Th>
                  <Table.Th>{t('samples.reply')}</Table.Th>
                  <Table.Th>{t('samples.reward')}</Table.Th>
                  <Table.Th>{t('samples.advantage')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {samples.map((sample, index) => (
                  <Table.Tr key={index}>
                    <Table.Td>{sample.prompt}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{sample.reply || t('samples.empty')}</Table.Td>
                    <Table.Td>{sample.reward.toFixed(2)}</Table.Td>
                    <Table.Td c={sample.advantage > 0 ? 'green' : sample.advantage < 0 ? 'red' : 'dimmed'}>{sample.advantage.toFixed(2)}</Table.Td>
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
