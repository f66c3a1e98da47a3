import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider, createTheme, localStorageColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { api } from './api/client.ts';
import { App } from './app/App.tsx';
import { setupI18n, systemLanguage } from './i18n/setupI18n.ts';
import type { Language } from './i18n/resources.ts';

const i18n = setupI18n();
// The saved language (Settings) wins over the system one once the engine answers.
void api
  .call('settings.get', {})
  .then((settings) => {
    const saved = settings.language;
    if (saved === 'en' || saved === 'zh') void i18n.changeLanguage(saved satisfies Language);
    else void i18n.changeLanguage(systemLanguage());
  })
  .catch(() => undefined);

const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1 } } });
const theme = createTheme({ primaryColor: 'indigo', fontFamily: 'system-ui, "PingFang SC", "Microsoft YaHei", sans-serif' });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={localStorageColorSchemeManager({ key: 'workbench-color-scheme' })}>
      <Notifications />
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
