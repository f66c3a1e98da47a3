import { Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WorldProbeReport } from '../../../../electron/shared/contract/worldChat.ts';
import { ProbeTable } from './ProbeTable.tsx';
import { formatShare, modelHeadline, worldGroups } from './probeView.ts';
import { StageComparisonChart } from './StageComparisonChart.tsx';

/** What the groups mean, once, above the first probe's chart. */
export function GroupLegend() {
  const { t } = useTranslation('pretraining');
  return (
    <List size="sm" spacing={2}>
      {worldGroups.map((group) => (
        <List.Item key={group}>
          <b>{t(`chat.groups.${group}`)}</b>: {t(`chat.groupHelp.${group}`)}
        </List.Item>
      ))}
    </List>
  );
}

/** A probe report: the stacked chart, the completion-probe accuracy per model and the item table. */
export function ProbeResults({ report, testId }: { report: WorldProbeReport; testId: string }) {
  const { t } = useTranslation('pretraining');
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('chat.probe.chartTitle')}
      </Text>
      <StageComparisonChart report={report} testId={`${testId}-chart`} />
      <Group gap="lg" data-testid={`${testId}-completion`}>
        <Text size="sm" c="dimmed">
          {t('chat.probe.completion')}
        </Text>
        {report.models.map((model) => (
          <Text key={model.label} size="sm">
            {t('chat.probe.completionItem', {
              label: model.label,
              correct: model.completion.correct,
              asked: model.completion.asked,
              share: formatShare(modelHeadline(report, model.label)?.completionAccuracy ?? null),
            })}
          </Text>
        ))}
      </Group>
      <ProbeTable report={report} testId={`${testId}-table`} />
    </Stack>
  );
}
