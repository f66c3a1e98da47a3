import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TrainingDeviceReport } from '../../../../electron/shared/contract/training.ts';
import { formatBytes } from '../../app/formatBytes.ts';

/**
 * Where the run's steps run, next to the live charts: the device the trainer reported after a step (its driver's
 * name, the memory the session holds there, graph splits, the ops the CPU computed because the GPU lacks them),
 * or the stored backend name before any report arrived.
 */
export function DeviceLine({ device, backend }: { device: TrainingDeviceReport | null; backend: string | null }) {
  const { t } = useTranslation('training');
  if (!device) {
    return backend ? <Text size="sm" c="dimmed" data-testid="training-run-device">{t('dashboard.device', { device: backend })}</Text> : null;
  }
  const cpuOps = Object.entries(device.cpuOps).map(([op, nodes]) => `${op}×${nodes}`).join(', ');
  const parts = [
    t('dashboard.device', { device: `${device.backend} (${device.description})` }),
    formatBytes(device.memoryBytes),
    t('dashboard.deviceSplits', { count: device.splits }),
    ...(cpuOps ? [t('dashboard.deviceCpuOps', { ops: cpuOps })] : []),
  ];
  return (
    <Text size="sm" c="dimmed" data-testid="training-run-device">
      {parts.join(' · ')}
    </Text>
  );
}
