import { AppShell, Group, NavLink, ScrollArea, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { navigation } from './navigation.tsx';
import { StatusBar } from './StatusBar.tsx';
import { useHashRoute } from './useHashRoute.ts';

export function App() {
  const { t } = useTranslation();
  const [route, navigate] = useHashRoute('home');
  const current = navigation.find((entry) => entry.id === route) ?? navigation[0];

  // Alt+0…9 jump between areas without the mouse.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = navigation.find((entry) => entry.shortcut === event.key);
      if (target) {
        event.preventDefault();
        navigate(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  return (
    <AppShell header={{ height: 48 }} navbar={{ width: 210, breakpoint: 0 }} footer={{ height: 30 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md">
          <Title order={4}>{t('appName')}</Title>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="main">
        <ScrollArea>
          {navigation.map((entry) => (
            <NavLink
              key={entry.id}
              href={`#/${entry.id}`}
              label={t(entry.labelKey)}
              active={entry.id === current?.id}
              data-nav={entry.id}
              description={entry.shortcut ? `Alt+${entry.shortcut}` : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigate(entry.id);
              }}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main data-testid={`page-${current?.id ?? 'home'}`}>{current?.render()}</AppShell.Main>
      <AppShell.Footer>
        <StatusBar />
      </AppShell.Footer>
    </AppShell>
  );
}
