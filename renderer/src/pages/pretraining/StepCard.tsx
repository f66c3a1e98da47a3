import { Badge, Button, Card, Group, Progress, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BlockReason, StepStatus } from './chatStage.ts';

const statusColors: Record<StepStatus, string> = { idle: 'gray', running: 'blue', done: 'green', failed: 'red', cancelled: 'yellow', lost: 'orange' };

/** One step of the chat pipeline: title, state badge and what the step does in one sentence. */
export function StepCard({
  id,
  title,
  description,
  status,
  statusText,
  children,
}: {
  id: string;
  title: string;
  description: string;
  status: StepStatus;
  /** Overrides the badge's words (and shows it as done), e.g. step 1 skipped with an existing chat model. */
  statusText?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('pretraining');
  return (
    <Card withBorder padding="sm" data-testid={`chat-step-${id}`} data-status={status}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={500}>{title}</Text>
          <Badge color={statusText ? statusColors.done : statusColors[status]} variant="light" data-testid={`chat-step-${id}-status`}>
            {statusText ?? t(`chat.status.${status}`)}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
        {children}
      </Stack>
    </Card>
  );
}

/** Why the button next to it is disabled (a disabled button cannot show a tooltip, so it is written out). */
export function BlockedReason({ reason }: { reason: BlockReason | null }) {
  const { t } = useTranslation('pretraining');
  if (reason === null) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="chat-blocked">
      {t(`chat.blocked.${reason}`)}
    </Text>
  );
}

/** A running job: how far it is and a way to stop it. */
export function JobProgress({ fraction, label, onCancel, testId }: { fraction: number | null; label: string; onCancel: () => void; testId: string }) {
  const { t } = useTranslation('pretraining');
  return (
    <Group align="center" wrap="nowrap">
      <Stack gap={2} style={{ flex: 1 }}>
        <Text size="sm" data-testid={testId}>
          {label}
        </Text>
        <Progress value={Math.round((fraction ?? 0) * 100)} animated={fraction === null} aria-label={label} />
      </Stack>
      <Button variant="default" size="xs" onClick={onCancel}>
        {t('chat.cancel')}
      </Button>
    </Group>
  );
}

/** Failed, cancelled or lost: the engine's message, or what happened. */
export function StepOutcome({ status, error }: { status: StepStatus; error: string | null }) {
  const { t } = useTranslation('pretraining');
  if (status === 'failed') return <Text c="red" size="sm" data-testid="chat-step-error">{t('chat.failed', { message: error ?? t('chat.status.failed') })}</Text>;
  if (status === 'cancelled') return <Text c="dimmed" size="sm">{t('chat.cancelled')}</Text>;
  if (status === 'lost') return <Text c="orange" size="sm">{t('chat.lost')}</Text>;
  return null;
}
