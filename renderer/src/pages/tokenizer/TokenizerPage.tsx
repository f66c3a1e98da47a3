import { Stack, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ChatTemplatePanel } from './ChatTemplatePanel.tsx';
import { ComparePanel } from './ComparePanel.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';

export function TokenizerPage() {
  const { t } = useTranslation('tokenizer');
  return (
    <Stack>
      <PageHeader title={t('title')} intro={t('intro')} />
      <Tabs defaultValue="compare" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="compare" data-testid="tab-compare">
            {t('tabs.compare')}
          </Tabs.Tab>
          <Tabs.Tab value="template" data-testid="tab-template">
            {t('tabs.template')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="compare" pt="md">
          <ComparePanel />
        </Tabs.Panel>
        <Tabs.Panel value="template" pt="md">
          <ChatTemplatePanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
