import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { localApi } from '../../../api/client.ts';
import type { EngineConnection } from '../../../api/connection.ts';
import { useApiQuery } from '../../../api/hooks.ts';
import { TransferStatus } from './TransferStatus.tsx';
import { useLocalTransfer } from './useLocalTransfer.ts';

type UploadKind = 'model' | 'dataset' | 'adapter' | 'file';

/**
 * Files between this machine and the remote engine, moved by this machine's engine: a model, dataset or adapter
 * file sent there (and added to its library), a trained adapter brought back here (and added to this library).
 */
export function RemoteTransfers({ connection }: { connection: EngineConnection }) {
  const { t } = useTranslation('connection');
  const upload = useLocalTransfer();
  const download = useLocalTransfer();
  const [path, setPath] = useState('');
  const [kind, setKind] = useState<UploadKind>('model');
  const [name, setName] = useState('');
  const [remoteAdapter, setRemoteAdapter] = useState<string | null>(null);
  const [localBase, setLocalBase] = useState<string | null>(null);
  const [remoteBase, setRemoteBase] = useState<string | null>(null);
  const remoteAdapters = useApiQuery('adapters.list', {});
  const remoteModels = useApiQuery('models.list', {});
  const localModels = useQuery({ queryKey: ['local', 'models.list'], queryFn: () => localApi.call('models.list', {}) });
  const chosen = remoteAdapters.data?.find((adapter) => adapter.id === remoteAdapter) ?? null;

  const send = (event: FormEvent): void => {
    event.preventDefault();
    if (path.trim() === '' || upload.state.running || (kind === 'adapter' && remoteBase === null)) return;
    void upload.start(() =>
      localApi.call('remote.upload', { ...connection, path: path.trim(), kind, ...(name.trim() ? { name: name.trim() } : {}), ...(kind === 'adapter' && remoteBase ? { model: remoteBase } : {}) }),
    );
  };
  const bringBack = (event: FormEvent): void => {
    event.preventDefault();
    if (!chosen || download.state.running) return;
    void download.start(() =>
      localApi.call('remote.download', { ...connection, remotePath: chosen.path, name: chosen.name, ...(localBase ? { model: localBase } : {}) }),
    );
  };

  return (
    <Stack gap="md">
      <form onSubmit={send} data-testid="remote-upload">
        <Stack gap="xs">
          <Text fw={600}>{t('upload.title')}</Text>
          <Text size="sm" c="dimmed">
            {t('upload.intro')}
          </Text>
          <Group align="flex-end" grow>
            <TextInput label={t('upload.path')} placeholder="/path/on/this/machine/model.gguf" value={path} onChange={(event) => setPath(event.currentTarget.value)} data-testid="remote-upload-path" />
            <TextInput label={t('upload.name')} value={name} onChange={(event) => setName(event.currentTarget.value)} data-testid="remote-upload-name" />
          </Group>
          <SegmentedControl
            value={kind}
            onChange={(value) => setKind(value as UploadKind)}
            data={(['model', 'dataset', 'adapter', 'file'] as const).map((value) => ({ value, label: t(`upload.kind.${value}`) }))}
            data-testid="remote-upload-kind"
          />
          {kind === 'adapter' && (
            <Select
              label={t('upload.base')}
              placeholder={t('upload.basePlaceholder')}
              data={(remoteModels.data ?? []).map((model) => ({ value: model.id, label: model.name }))}
              value={remoteBase}
              onChange={setRemoteBase}
              searchable
              data-testid="remote-upload-base"
            />
          )}
          <Group>
            <Button type="submit" loading={upload.state.running} disabled={path.trim() === '' || (kind === 'adapter' && remoteBase === null)} data-testid="remote-upload-submit">
              {t('upload.submit')}
            </Button>
          </Group>
          <TransferStatus state={upload.state} testId="remote-upload" />
        </Stack>
      </form>
      <form onSubmit={bringBack} data-testid="remote-download">
        <Stack gap="xs">
          <Text fw={600}>{t('download.title')}</Text>
          <Text size="sm" c="dimmed">
            {t('download.intro')}
          </Text>
          <Group align="flex-end" grow>
            <Select
              label={t('download.adapter')}
              placeholder={t('download.adapterPlaceholder')}
              data={(remoteAdapters.data ?? []).map((adapter) => ({ value: adapter.id, label: adapter.name }))}
              value={remoteAdapter}
              onChange={setRemoteAdapter}
              searchable
              data-testid="remote-download-adapter"
            />
            <Select
              label={t('download.base')}
              placeholder={t('download.basePlaceholder')}
              data={(localModels.data ?? []).map((model) => ({ value: model.id, label: model.name }))}
              value={localBase}
              onChange={setLocalBase}
              clearable
              data-testid="remote-download-base"
            />
          </Group>
          <Group>
            <Button type="submit" loading={download.state.running} disabled={!chosen} data-testid="remote-download-submit">
              {t('download.submit')}
            </Button>
          </Group>
          <TransferStatus state={download.state} testId="remote-download" />
        </Stack>
      </form>
    </Stack>
  );
}
