import { Stack, Tabs } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProbePanel } from './ProbePanel.tsx';
import { ResultsPanel } from './ResultsPanel.tsx';
import { RunPanel } from './RunPanel.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';

export function HallucinationPage() {
  const { t } = useTranslation('hallucination');
  const [tab, setTab] = useState<string | null>('run');
  const [selectedRuns, setSelectedRuns] = useState<string[]>([]);
  return (
    <Stack>
      <PageHeader title={t('title')} intro={t('intro')} />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="run" data-testid="tab-run">
            {t('tabs.run')}
          </Tabs.Tab>
          <Tabs.Tab value="results" data-testid="tab-results">
            {t('tabs.results')}
          </Tabs.Tab>
          <Tabs.Tab value="probe" data-testid="tab-probe">
            {t('tabs.probe')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="run" pt="md">
          <RunPanel
            onFinished={(runIds) => {
              setSelectedRuns(runIds);
              setTab('results');
            }}
          />
        </Tabs.Panel>
        <Tabs.Panel value="results" pt="md">
          <ResultsPanel selected={selectedRuns} onSelected={setSelectedRuns} />
        </Tabs.Panel>
        <Tabs.Panel value="probe" pt="md">
          <ProbePanel defaultRunId={selectedRuns[0] ?? null} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
