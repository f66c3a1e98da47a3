import { Alert, Button, Code, Group, NumberInput, PasswordInput, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';

/** Settings → Local API: the OpenAI-compatible listener's switch, bind address, port and key. */
export function ApiServerSection() {
  const { t } = useTranslation('apiServer');
  const queryClient = useQueryClient();
  const status = useApiQuery('apiServer.status', {});
  const enable = useApiMutation('apiServer.enable');
  const disable = useApiMutation('apiServer.disable');
  const configure = useApiMutation('apiServer.configure');
  const [host, setHost] = useState('127.0.0.1');
  const [port, setPort] = useState<number>(5318);
  const [apiKey, setApiKey] = useState('');
  useEffect(() => {
    if (!status.data) return;
    setHost(status.data.host);
    setPort(status.data.port);
  }, [status.data]);

  const refresh = { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['apiServer.status'] }) };
  const failure = enable.error ?? disable.error ?? configure.error;
  const current = status.data;

  return (
    <Stack data-testid="api-server-settings">
      <Title order={4}>{t('title')}</Title>
      <Text size="sm" c="dimmed">
        {t('intro')}
      </Text>
      <Switch
        data-testid="api-server-switch"
        label={t('enabled')}
        checked={current?.enabled ?? false}
        onChange={(event) => (event.currentTarget.checked ? enable.mutate({}, refresh) : disable.mutate({}, refresh))}
      />
      <Text size="sm" data-testid="api-server-state">
        {current?.running && current.baseUrl ? t('running', { url: current.baseUrl }) : current?.mountedBaseUrl ? t('stoppedHere') : t('stopped')}
      </Text>
      {current?.mountedBaseUrl ? (
        <Alert color="green" data-testid="api-server-mounted">
          {t('mounted', { url: current.mountedBaseUrl })}
        </Alert>
      ) : null}
      {current?.baseUrl ? <Code>{current.baseUrl}</Code> : null}
      {current?.error ? <Alert color="red">{t('error', { error: current.error })}</Alert> : null}
      <Group align="flex-end">
        <TextInput label={t('host')} description={t('hostHint')} value={host} onChange={(event) => setHost(event.currentTarget.value)} w={260} />
        <NumberInput label={t('port')} value={port} min={0} max={65535} onChange={(value) => setPort(typeof value === 'number' ? value : Number(value))} w={120} />
      </Group>
      <PasswordInput
        label={t('apiKey')}
        description={current?.hasApiKey ? t('apiKeySet') : t('apiKeyNone')}
        value={apiKey}
        onChange={(event) => setApiKey(event.currentTarget.value)}
        maw={420}
      />
      <Group>
        <Button
          onClick={() => configure.mutate({ host, port, ...(apiKey !== '' ? { apiKey } : {}) }, { onSuccess: () => (setApiKey(''), refresh.onSuccess()) })}
          loading={configure.isPending}
        >
          {t('save')}
        </Button>
        {current?.hasApiKey ? (
          <Button variant="subtle" color="red" onClick={() => configure.mutate({ apiKey: null }, refresh)}>
            {t('removeKey')}
          </Button>
        ) : null}
      </Group>
      {failure ? <Alert color="red">{failure.message}</Alert> : null}
    </Stack>
  );
}
