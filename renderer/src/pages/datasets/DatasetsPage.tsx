import { Grid, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DatasetDetail, type DetailTab } from './DatasetDetail.tsx';
import { DatasetList } from './DatasetList.tsx';
import { datasetHash, datasetRouteParam } from './datasetRoute.ts';
import { ImportPanel } from './ImportPanel.tsx';
import { DistillPanel } from './distill/DistillPanel.tsx';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useHashParam } from '../../app/useHashRoute.ts';

/**
 * The selected dataset lives in the hash (#/datasets?dataset=<id>) so other pages can open one and reload keeps it.
 * Picking one here replaces the history entry instead of adding one: Back leaves the page rather than walking
 * through every dataset looked at.
 */
function selectDataset(datasetId: string | null): void {
  window.location.replace(datasetHash(datasetId));
}

export function DatasetsPage() {
  const { t } = useTranslation('datasets');
  const selectedId = useHashParam(datasetRouteParam);
  const [tab, setTab] = useState<DetailTab>('problems');
  return (
    <Stack>
      <PageHeader title={t('title')} intro={t('intro')} />
      <Grid>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <ImportPanel
              onImported={(id) => {
                selectDataset(id);
                setTab('problems');
              }}
            />
            <DatasetList selectedId={selectedId} onSelect={selectDataset} />
            <DistillPanel onOpen={selectDataset} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>{selectedId && <DatasetDetail key={selectedId} datasetId={selectedId} tab={tab} onTab={setTab} />}</Grid.Col>
      </Grid>
    </Stack>
  );
}
