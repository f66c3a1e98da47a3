import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IdkData } from '../../../../electron/shared/contract/worldChat.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { datasetHash } from '../datasets/datasetRoute.ts';
import { blockReason, type ChatStage, type StepStatus } from './chatStage.ts';
import { buildIdkData } from './chatStageStore.ts';
import { reasonKey } from './probeView.ts';
import { BlockedReason, StepCard, StepOutcome } from './StepCard.tsx';

/** The dataset's library name (the id until it is fetched, or if it was deleted since), linking to its detail. */
function DatasetName({ datasetId }: { datasetId: string }) {
  const dataset = useApiQuery('datasets.get', { datasetId }, { retry: false });
  return (
    <Anchor href={datasetHash(datasetId)} fw={700} inherit data-testid="idk-dataset-link">
      {dataset.data?.name ?? datasetId}
    </Anchor>
  );
}

function IdkDataSummary({ data }: { data: IdkData }) {
  const { t } = useTranslation('pretraining');
  const reasons = Object.entries(data.reasons).sort(([, a], [, b]) => b - a);
  const reasonLabel = (reason: string): string => {
    const key = reasonKey(reason);
    return key === null ? reason : t(`chat.idkData.reasons.${key}` as 'chat.idkData.reasons.replayKnown');
  };
  return (
    <>
      <Table withTableBorder striped data-testid="idk-reasons" maw={520}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('chat.idkData.reason')}</Table.Th>
            <Table.Th>{t('chat.idkData.rows')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reasons.map(([reason, count]) => (
            <Table.Tr key={reason} data-reason={reason}>
              <Table.Td>{reasonLabel(reason)}</Table.Td>
              <Table.Td>{count}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" data-testid="idk-sft-dataset">
        {t('chat.idkData.sftSet', { rows: data.sftRows })} <DatasetName datasetId={data.sftDatasetId} />
      </Text>
      <Text size="sm" data-testid="idk-dpo-dataset">
        {t('chat.idkData.dpoSet', { pairs: data.dpoPairs })} <DatasetName datasetId={data.dpoDatasetId} />
      </Text>
      <Text size="sm" c="dimmed">
        {t('chat.idkData.dpoNote')}
      </Text>
      <Group gap="xs">
        {/* Opens the SFT set, the one step 4 trains on; the DPO set is one click away in the same list. */}
        <Button variant="light" size="xs" onClick={() => (window.location.hash = datasetHash(data.sftDatasetId))} data-testid="idk-open-datasets">
          {t('chat.idkData.openDatasets')}
        </Button>
        <Button variant="light" size="xs" onClick={() => (window.location.hash = '/training')}>
          {t('chat.idkData.openTraining')}
        </Button>
      </Group>
    </>
  );
}

/** Step 3: "I don't know" SFT + DPO data from the chat model's probe answers. */
export function IdkDataPanel({ stage }: { stage: ChatStage }) {
  const { t } = useTranslation('pretraining');
  const current = stage.idkData;
  const blocked = blockReason(stage, 'idkData');
  const status: StepStatus = current.status;
  return (
    <StepCard id="idkData" title={t('chat.idkData.title')} description={t('chat.idkData.description')} status={status}>
      <Group align="center">
        <Button disabled={blocked !== null} loading={status === 'running'} onClick={() => void buildIdkData()} data-testid="idk-build">
          {t('chat.idkData.start')}
        </Button>
        {status !== 'running' && <BlockedReason reason={blocked} />}
      </Group>
      <StepOutcome status={status} error={current.error} />
      {current.result && <IdkDataSummary data={current.result} />}
    </StepCard>
  );
}
