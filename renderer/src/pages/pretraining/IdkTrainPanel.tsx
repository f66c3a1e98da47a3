import { Badge, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { WorldProbeReport } from '../../../../electron/shared/contract/worldChat.ts';
import { blockReason, modelLabels, type ChatStage } from './chatStage.ts';
import { startProbe } from './chatStageStore.ts';
import { ProbeProgress } from './ProbeStepCard.tsx';
import { ProbeResults } from './ProbeResults.tsx';
import { beforeAfter, formatShare, type ModelHeadline } from './probeView.ts';
import { SftStepCard } from './SftStepCard.tsx';
import { StepOutcome } from './StepCard.tsx';

const headlineKeys = ['knownAccuracy', 'nonexistentRefusal', 'heldOutHonest'] as const satisfies readonly (keyof ModelHeadline)[];

/** chat → chat+IDK on the three numbers the lecture cares about, from the same questions. */
function BeforeAfterHeadline({ report }: { report: WorldProbeReport }) {
  const { t } = useTranslation('pretraining');
  const change = beforeAfter(report, modelLabels.chat, modelLabels.idk);
  if (!change) return null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} data-testid="idk-headline">
      {headlineKeys.map((key) => (
        <Stack key={key} gap={0} data-testid={`idk-headline-${key}`}>
          <Text size="xs" c="dimmed">
            {t(`chat.idkSft.${key}`)}
          </Text>
          <Text size="lg" fw={600}>
            {formatShare(change.before[key])} → {formatShare(change.after[key])}
          </Text>
        </Stack>
      ))}
    </SimpleGrid>
  );
}

/** Step 4: SFT on the "I don't know" data, then base / chat / chat+IDK probed side by side. */
export function IdkTrainPanel({ stage, nameOf }: { stage: ChatStage; nameOf: (path: string) => string }) {
  const { t } = useTranslation('pretraining');
  const reprobe = stage.reprobe;
  const canReprobe = stage.idkSft.status === 'done' && reprobe.status !== 'running';
  return (
    <SftStepCard step="idkSft" stage={stage} nameOf={nameOf}>
      {stage.idkSft.status === 'done' && (
        <Group gap="xs">
          <Text size="sm">{t('chat.idkSft.comparison')}</Text>
          <Badge variant="light" color={reprobe.status === 'done' ? 'green' : reprobe.status === 'running' ? 'blue' : 'gray'} data-testid="reprobe-status">
            {t(`chat.status.${reprobe.status}`)}
          </Badge>
          {canReprobe && (
            <Button size="xs" variant="light" disabled={blockReason(stage, 'reprobe') !== null} onClick={() => void startProbe('reprobe')} data-testid="reprobe-start">
              {t('chat.idkSft.reprobe')}
            </Button>
          )}
        </Group>
      )}
      {reprobe.status === 'running' && <ProbeProgress stage={stage} step="reprobe" />}
      <StepOutcome status={reprobe.status} error={reprobe.error} />
      {reprobe.result && (
        <>
          <BeforeAfterHeadline report={reprobe.result} />
          <ProbeResults report={reprobe.result} testId="reprobe" />
        </>
      )}
    </SftStepCard>
  );
}
