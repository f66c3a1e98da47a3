import { Alert, Button, Card, Group, List, NumberInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { datasetFileTypes, datasetFormats, type DatasetFileType, type DatasetFormat, type DatasetSummary } from '../../../../electron/shared/contract/datasets.ts';
import { useApiMutation } from '../../api/hooks.ts';
import { useRefreshDatasets } from './datasetQueries.ts';
import { exportNoteTexts } from './exportNoteText.ts';

/** Formats that can hold a dataset of each kind (preference pairs also export to chat formats, with the chosen answer). */
const formatsFor = (kind: DatasetSummary['kind']): DatasetFormat[] =>
  kind === 'pretrain' ? ['text'] : kind === 'sft' || kind === 'kto' ? ['openai', 'sharegpt', 'alpaca'] : datasetFormats.filter((format) => format !== 'text');

export function SplitExportPanel({ dataset }: { readonly dataset: DatasetSummary }) {
  const { t } = useTranslation('datasets');
  const refresh = useRefreshDatasets();
  const [fraction, setFraction] = useState<number | string>(dataset.split?.validationFraction ?? 0.1);
  const [seed, setSeed] = useState<number | string>(dataset.split?.seed ?? 42);
  const [format, setFormat] = useState<DatasetFormat>(formatsFor(dataset.kind).includes(dataset.format) ? dataset.format : (formatsFor(dataset.kind)[0] as DatasetFormat));
  const [fileType, setFileType] = useState<DatasetFileType>('jsonl');
  const [which, setWhich] = useState<'all' | 'train' | 'validation'>('all');
  const [path, setPath] = useState('');
  const split = useApiMutation('datasets.split');
  const exporter = useApiMutation('datasets.export');

  return (
    <Stack gap="md">
      <Card withBorder data-testid="dataset-split">
        <Title order={5} mb="xs">
          {t('split.title')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {dataset.split ? t('split.current', { train: dataset.trainRows, validation: dataset.validationRows }) : t('split.none')}
        </Text>
        <Group align="flex-end">
          <NumberInput w={160} label={t('split.fraction')} min={0} max={0.9} step={0.05} decimalScale={3} value={fraction} onChange={setFraction} />
          <NumberInput w={120} label={t('split.seed')} min={0} allowDecimal={false} value={seed} onChange={setSeed} />
          <Button
            loading={split.isPending}
            onClick={() => split.mutate({ datasetId: dataset.id, validationFraction: Number(fraction), seed: Number(seed) }, { onSuccess: refresh })}
            data-testid="split-apply"
          >
            {t('split.apply')}
          </Button>
        </Group>
        {split.error && (
          <Alert color="red" mt="xs">
            {split.error.message}
          </Alert>
        )}
      </Card>
      <Card withBorder data-testid="dataset-export">
        <Title order={5} mb="xs">
          {t('export.title')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <Select w={240} label={t('export.format')} value={format} allowDeselect={false} data={formatsFor(dataset.kind).map((value) => ({ value, label: t(`formats.${value}`) }))} onChange={(value) => setFormat((value ?? format) as DatasetFormat)} />
          <Select
            w={110}
            label={t('export.fileType')}
            value={fileType}
            allowDeselect={false}
            data={datasetFileTypes.filter((type) => type !== 'txt' || format === 'text').map((value) => ({ value, label: `.${value}` }))}
            onChange={(value) => setFileType((value ?? fileType) as DatasetFileType)}
          />
          <Select
            w={180}
            label={t('export.split')}
            value={which}
            allowDeselect={false}
            data={[
              { value: 'all', label: t('export.splitAll') },
              { value: 'train', label: t('export.splitTrain') },
              { value: 'validation', label: t('export.splitValidation') },
            ]}
            onChange={(value) => setWhich((value ?? 'all') as typeof which)}
          />
        </Group>
        <TextInput mt="xs" label={t('export.path')} placeholder={t('export.pathPlaceholder')} value={path} onChange={(event) => setPath(event.currentTarget.value)} />
        <Button
          mt="sm"
          loading={exporter.isPending}
          onClick={() => exporter.mutate({ datasetId: dataset.id, format, fileType, split: which, ...(path.trim() ? { path: path.trim() } : {}) })}
          data-testid="export-start"
        >
          {t('export.start')}
        </Button>
        {exporter.error && (
          <Alert color="red" mt="xs">
            {exporter.error.message}
          </Alert>
        )}
        {exporter.data && (
          <Alert color="green" mt="xs" data-testid="export-done">
            <Text size="sm">{t('export.done', { rows: exporter.data.rows, path: exporter.data.path })}</Text>
            {exporter.data.notes.length > 0 && (
              <List size="xs" mt={4}>
                {exportNoteTexts(t, exporter.data).map((note) => (
                  <List.Item key={note} data-testid="export-note">
                    {note}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
      </Card>
    </Stack>
  );
}
