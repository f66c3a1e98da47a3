import { Grid, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DatasetDetail, type DetailTab } from './DatasetDetail.tsx';
import { DatasetList } from './DatasetList.tsx';
import { ImportPanel } from './ImportPanel.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';

export function DatasetsPage() {
  const { t } = useTranslation('datasets');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [tab, setTab] = useState<DetailTab>('problems');
  return (
    <Stack>
      <PageHeader title={t('title')} intro={t('intro')} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <ImportPanel
              onImported={(id) => {
                setSelectedId(id);
                setTab('problems');
              }}
            />
            <DatasetList selectedId={selectedId} onSelect={setSelectedId} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>{selectedId && <DatasetDetail key={selectedId} datasetId={selectedId} tab={tab} onTab={setTab} />}</Grid.Col>
      </Grid>
    </Stack>
  );
}
