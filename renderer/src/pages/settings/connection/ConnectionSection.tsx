import { Alert, Badge, Button, Code, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { localApi } from '../../../api/client.ts';
import { saveConnection, storedConnection } from '../../../api/connection.ts';
import { useApiQuery } from '../../../api/hooks.ts';
import { RemoteTransfers } from './RemoteTransfers.tsx';

/** Reloads the window onto the chosen engine: every page and cache starts clean against it. */
const reloadOnto = (connection: { url: string; key: string | null } | null): void => {
  saveConnection(connection);
  window.location.reload();
};

/**
 * Settings → Connection: which engine this window drives (this machine's, or `workbench serve` on a bigger box),
 * checked with its key before switching, so a wrong key is said here rather than as a dead window.
 */
export function ConnectionSection() {
  const { t } = useTranslation('connection');
  const current = storedConnection();
  const info = useApiQuery('system.info', {});
  const [url, setUrl] = useState(current?.url ?? '');
  const [key, setKey] = useState(current?.key ?? '');
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const connect = (event: FormEvent): void => {
    event.preventDefault();
    if (url.trim() === '' || checking) return;
    setProblem(null);
    setChecking(true);
    const connection = { url: url.trim(), key: key.trim() === '' ? null : key.trim() };
    localApi.call('remote.check', connection).then(
      () => reloadOnto(connection),
      (error: unknown) => {
        setChecking(false);
        setProblem((error as Error).message);
      },
    );
  };

  return (
    <Stack gap="sm" data-testid="connection-section">
      <Title order={4}>{t('title')}</Title>
      <Group gap="xs">
        <Text>{t('current')}</Text>
        {current ? (
          <Badge color="grape" data-testid="connection-current">
            {t('remote', { url: current.url })}
          </Badge>
        ) : (
          <Badge color="gray" data-testid="connection-current">
            {t('local')}
          </Badge>
        )}
        {info.data && <Code>{t('engineHome', { home: info.data.dataHome, platform: `${info.data.platform}/${info.data.arch}` })}</Code>}
        {current && info.isError && (
          <Text size="sm" c="red" data-testid="connection-unreachable">
            {t('unreachable')}
          </Text>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>
      <form onSubmit={connect}>
        <Stack gap="xs">
          <Group align="flex-end" grow>
            <TextInput label={t('url')} placeholder="http://gpu-box:5317" value={url} onChange={(event) => setUrl(event.currentTarget.value)} data-testid="connection-url" />
            <PasswordInput label={t('key')} placeholder={t('keyPlaceholder')} value={key} onChange={(event) => setKey(event.currentTarget.value)} data-testid="connection-key" />
          </Group>
          <Group>
            <Button type="submit" loading={checking} disabled={url.trim() === ''} data-testid="connection-connect">
              {t('connect')}
            </Button>
            {current && (
              <Button variant="default" onClick={() => reloadOnto(null)} data-testid="connection-local">
                {t('useLocal')}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
      {problem && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setProblem(null)} data-testid="connection-problem">
          {problem}
        </Alert>
      )}
      {current && <RemoteTransfers connection={current} />}
    </Stack>
  );
}
