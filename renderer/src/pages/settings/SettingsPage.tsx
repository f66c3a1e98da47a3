import { Badge, Code, Group, SegmentedControl, Stack, Table, Text, Title, useMantineColorScheme, type MantineColorScheme } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { transportName } from '../../api/client.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { systemLanguage } from '../../i18n/setupI18n.ts';
import { ApiServerSection } from './ApiServerSection.tsx';
import { ConnectionSection } from './connection/ConnectionSection.tsx';

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const info = useApiQuery('system.info', {});
  const hosts = useApiQuery('system.hosts', {});
  const settings = useApiQuery('settings.get', {});
  const saveSetting = useApiMutation('settings.set');
  const storedLanguage = typeof settings.data?.language === 'string' ? settings.data.language : 'auto';

  const changeLanguage = (value: string): void => {
    void i18n.changeLanguage(value === 'auto' ? systemLanguage() : value);
    saveSetting.mutate({ key: 'language', value }, { onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['settings.get'] }) });
  };

  return (
    <Stack maw={760}>
      <Title order={2}>{t('settings.title')}</Title>
      <Group>
        <Text w={160}>{t('settings.language')}</Text>
        <SegmentedControl
          data-testid="language-switch"
          value={storedLanguage}
          onChange={changeLanguage}
          data={[
            { value: 'auto', label: t('settings.languageAuto') },
            { value: 'en', label: 'English' },
            { value: 'zh', label: '简体中文' },
          ]}
        />
      </Group>
      <Group>
        <Text w={160}>{t('settings.theme')}</Text>
        <SegmentedControl
          value={colorScheme}
          onChange={(value) => setColorScheme(value as MantineColorScheme)}
          data={[
            { value: 'auto', label: t('settings.themeAuto') },
            { value: 'light', label: t('settings.themeLight') },
            { value: 'dark', label: t('settings.themeDark') },
          ]}
        />
      </Group>
      <ConnectionSection />
      <Group>
        <Text w={160}>{t('settings.dataHome')}</Text>
        <Code>{info.data?.dataHome ?? '…'}</Code>
      </Group>
      <Group>
        <Text w={160}>{t('settings.transport')}</Text>
        <Text>{transportName() === 'electron' ? t('settings.transportElectron') : t('settings.transportBrowser')}</Text>
      </Group>
      <Group>
        <Text w={160}>{t('settings.engine')}</Text>
        <Text>node-llama-cpp {info.data?.nodeLlamaCppVersion ?? '…'}</Text>
      </Group>
      <Title order={4}>{t('settings.hostsTitle')}</Title>
      <Table>
        <Table.Tbody>
          {(hosts.data ?? []).map((host) => (
            <Table.Tr key={host.name}>
              <Table.Td>{t(`status.hostName.${host.name}`)}</Table.Td>
              <Table.Td>
                <Badge variant="light">{t(`status.hostState.${host.state}`)}</Badge>
              </Table.Td>
              <Table.Td>pid {host.pid ?? '—'}</Table.Td>
              <Table.Td>
                {host.restarts} {t('settings.restarts')}
              </Table.Td>
              <Table.Td>{host.lastError ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <ApiServerSection />
    </Stack>
  );
}
