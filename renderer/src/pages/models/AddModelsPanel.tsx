import { Button, Card, Group, List, Progress, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DownloadProgress, ScanSkip } from '../../../../electron/shared/contract/models.ts';
import { useApiMutation, useJobEvents } from '../../api/hooks.ts';
import { formatBytes } from '../../app/formatBytes.ts';
import { useRefreshModels } from './modelQueries.ts';
import { parseJobProgress, parseJobResult } from '../../../../electron/shared/contract/jobPayloads.ts';

/** Three ways in: a file path, a folder to scan, or a download (hf:owner/repo/file.gguf or a URL). */
export function AddModelsPanel() {
  const { t } = useTranslation('models');
  const refresh = useRefreshModels();
  const [file, setFile] = useState('');
  const [folder, setFolder] = useState('');
  const [source, setSource] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [skipped, setSkipped] = useState<ScanSkip[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const add = useApiMutation('models.add');
  const scan = useApiMutation('models.scanFolder');
  const download = useApiMutation('models.download');
  const cancel = useApiMutation('jobs.cancel');

  const fail = (error: Error): void => setMessage({ text: error.message, error: true });

  useJobEvents(jobId, {
    onProgress: (event) => {
      const latest = parseJobProgress('download', event.data).at(-1);
      if (latest) setProgress(latest);
    },
    onFinished: (event) => {
      setJobId(null);
      setProgress(null);
      if (event.state === 'done') {
        setMessage({ text: t('add.done', { name: parseJobResult('download', event.result)?.name ?? '' }), error: false });
        setSource('');
        refresh();
      } else setMessage({ text: event.error?.message ?? event.state, error: event.state === 'failed' });
    },
  });

  const fraction = progress?.totalBytes ? progress.receivedBytes / progress.totalBytes : null;
  return (
    <Card withBorder>
      <Title order={4} mb="sm">
        {t('add.title')}
      </Title>
      <Stack gap="sm">
        <Group align="flex-end" wrap="nowrap">
          <TextInput flex={1} label={t('add.file')} placeholder={t('add.filePlaceholder')} value={file} onChange={(event) => setFile(event.currentTarget.value)} data-testid="add-model-path" />
          <Button
            loading={add.isPending}
            disabled={file.trim() === ''}
            data-testid="add-model-button"
            onClick={() =>
              add.mutate(
                { path: file.trim() },
                {
                  onSuccess: ({ model }) => {
                    setMessage({ text: model.name, error: false });
                    setFile('');
                    refresh();
                  },
                  onError: fail,
                },
              )
            }
          >
            {t('add.addFile')}
          </Button>
        </Group>
        <Group align="flex-end" wrap="nowrap">
          <TextInput flex={1} label={t('add.folder')} placeholder={t('add.folderPlaceholder')} value={folder} onChange={(event) => setFolder(event.currentTarget.value)} />
          <Button
            variant="light"
            loading={scan.isPending}
            disabled={folder.trim() === ''}
            onClick={() => {
              setSkipped([]);
              scan.mutate(
                { folder: folder.trim() },
                {
                  onSuccess: (outcome) => {
                    setSkipped(outcome.skipped);
                    setMessage({
                      text: t('add.scanResult', { added: outcome.added.length, existing: outcome.alreadyInLibrary, skipped: outcome.skipped.length }),
                      error: false,
                    });
                    refresh();
                  },
                  onError: fail,
                },
              );
            }}
          >
            {t('add.scan')}
          </Button>
        </Group>
        <Group align="flex-end" wrap="nowrap">
          <TextInput flex={1} label={t('add.download')} placeholder={t('add.downloadPlaceholder')} value={source} onChange={(event) => setSource(event.currentTarget.value)} />
          {jobId ? (
            <Button color="red" variant="light" onClick={() => cancel.mutate({ jobId })}>
              {t('add.cancel')}
            </Button>
          ) : (
            <Button
              variant="light"
              loading={download.isPending}
              disabled={source.trim() === ''}
              onClick={() => {
                setMessage(null);
                download.mutate({ source: source.trim() }, { onSuccess: ({ jobId: started }) => setJobId(started), onError: fail });
              }}
            >
              {t('add.start')}
            </Button>
          )}
        </Group>
        {progress && (
          <Stack gap={4}>
            <Progress value={(fraction ?? 0) * 100} animated={fraction === null} />
            <Text size="sm" c="dimmed">
              {t(`add.phase.${progress.phase}`)}{' '}
              {t('add.progress', {
                received: formatBytes(progress.receivedBytes),
                total: formatBytes(progress.totalBytes),
                speed: formatBytes(progress.bytesPerSecond),
              })}
              {progress.resumedFromBytes > 0 ? ` · ${t('add.resumed', { bytes: formatBytes(progress.resumedFromBytes) })}` : ''}
            </Text>
          </Stack>
        )}
        {message && (
          <Text size="sm" c={message.error ? 'red' : 'teal'} data-testid="add-model-message">
            {message.text}
          </Text>
        )}
        {skipped.length > 0 && (
          <List size="xs" spacing={2} data-testid="scan-skipped">
            {skipped.map((skip) => (
              <List.Item key={skip.path}>
                <Text span size="xs" ff="monospace">
                  {skip.path}
                </Text>
                {': '}
                {t(`add.skippedReason.${skip.reason}`, { detail: skip.detail ?? '' })}
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Card>
  );
}
