import { Alert, Group, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../../app/formatBytes.ts';
import type { TransferState } from './useLocalTransfer.ts';

/** A transfer's bytes so far, its end (where the file is now and its sha256) or why it failed. */
export function TransferStatus({ state, testId }: { state: TransferState; testId: string }) {
  const { t } = useTranslation('connection');
  const { progress, result, error, running } = state;
  return (
    <>
      {running && progress && (
        <Group gap="xs" data-testid={`${testId}-progress`}>
          <Progress value={progress.totalBytes === 0 ? 100 : (progress.doneBytes / progress.totalBytes) * 100} flex={1} aria-label={t('transfer.progress')} />
          <Text size="xs">
            {t(`transfer.phase.${progress.phase}`)} {formatBytes(progress.doneBytes)} / {formatBytes(progress.totalBytes)}
          </Text>
        </Group>
      )}
      {error && (
        <Alert color="red" role="alert" data-testid={`${testId}-problem`}>
          {error}
        </Alert>
      )}
      {result && (
        <Alert color="green" data-testid={`${testId}-result`}>
          <Text size="sm">{t(result.direction === 'upload' ? 'transfer.uploaded' : 'transfer.downloaded', { size: formatBytes(result.size) })}</Text>
          <Text size="xs" ff="monospace">
            {result.path}
          </Text>
          <Text size="xs" ff="monospace">
            sha256 {result.sha256}
          </Text>
        </Alert>
      )}
    </>
  );
}
