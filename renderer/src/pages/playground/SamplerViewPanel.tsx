import { Button, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip as ChartTooltip, XAxis, YAxis } from 'recharts';
import type { DistributionRequestInput, SamplerStageName } from '../../../../electron/shared/contract/generate.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { visibleToken } from './tokenColor.ts';

/**
 * The next-token distribution before and after each sampling stage. The chart compares the model's own
 * distribution with what one chosen stage leaves of it; the table lists every stage.
 */
export function SamplerViewPanel({ request }: { request: DistributionRequestInput | null }) {
  const { t } = useTranslation('playground');
  const view = useApiMutation('generate.distribution');
  const [stage, setStage] = useState<SamplerStageName>('temperature');
  const stages = view.data?.stages ?? [];
  const model = stages.find((entry) => entry.stage === 'model');
  const after = stages.find((entry) => entry.stage === stage);
  const chart = (model?.tokens ?? []).map((token, index) => ({ label: visibleToken(token.text), before: token.p, after: after?.tokens[index]?.p ?? 0 }));
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('samplerView.intro')}
      </Text>
      <Group>
        <Button size="xs" disabled={!request} loading={view.isPending} onClick={() => request && view.mutate(request)} data-testid="sampler-view-button">
          {t('samplerView.show')}
        </Button>
        {view.error && (
          <Text size="sm" c="red">
            {view.error.message}
          </Text>
        )}
      </Group>
      {view.data && (
        <>
          <SegmentedControl
            size="xs"
            value={stage}
            onChange={(value) => setStage(value as SamplerStageName)}
            data={stages.filter((entry) => entry.stage !== 'model').map((entry) => ({ value: entry.stage, label: t(`samplerView.stage.${entry.stage}`) }))}
          />
          <div style={{ height: 260 }} data-testid="sampler-view-chart">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={chart}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" interval={0} tick={{ fontSize: 11, fontFamily: 'monospace' }} />
                <YAxis domain={[0, 1]} tickFormatter={(value: number) => `${Math.round(value * 100)}%`} />
                <ChartTooltip formatter={(value) => `${(Number(value) * 100).toFixed(2)}%`} />
                <Legend />
                <Bar dataKey="before" name={t('samplerView.stage.model')} fill="var(--mantine-color-gray-5)" isAnimationActive={false} />
                <Bar dataKey="after" name={t(`samplerView.stage.${stage}`)} fill="var(--mantine-color-blue-filled)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <Table fz="xs" withTableBorder>
            <Table.Tbody>
              {stages.map((entry) => (
                <Table.Tr key={entry.stage}>
                  <Table.Td fw={600}>{t(`samplerView.stage.${entry.stage}`)}</Table.Td>
                  <Table.Td>{t('samplerView.kept', { kept: entry.kept })}</Table.Td>
                  <Table.Td>{t('samplerView.entropy', { value: entry.entropy.toFixed(3) })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
