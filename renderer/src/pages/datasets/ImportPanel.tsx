import { Alert, Badge, Button, Card, Checkbox, Collapse, Group, List, Paper, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  canonicalRoles,
  datasetFormats,
  type CanonicalRole,
  type ColumnMapping,
  type DatasetFormat,
  type DatasetSource,
  type ImportProgress,
  type ReadOptions,
} from '../../../../electron/shared/contract/datasets.ts';
import { useApiMutation, useApiQuery, useJobEvents } from '../../api/hooks.ts';
import { ColumnMappingForm } from './ColumnMappingForm.tsx';
import { useRefreshDatasets } from './datasetQueries.ts';
import { detectionText } from './detectionText.ts';
import { problemText } from './problemText.ts';
import { sendFile } from './sendFile.ts';
import { parseJobProgress, parseJobResult } from '../../../../electron/shared/contract/jobPayloads.ts';

interface ImportPanelProps {
  readonly onImported: (datasetId: string) => void;
}

type Chosen = { source: DatasetSource; name: string };

/** "bot=assistant, customer=user" → extra role spellings; pairs naming no canonical role are ignored. */
function parseRoleNames(text: string): Record<string, CanonicalRole> {
  const pairs = text.split(',').map((pair) => pair.split('=').map((part) => part.trim()));
  return Object.fromEntries(
    pairs.filter((pair): pair is [string, CanonicalRole] => pair.length === 2 && pair[0] !== '' && (canonicalRoles as readonly string[]).includes(pair[1] as string)),
  );
}

/** The placeholder values typed so far (empty fields are not values); undefined when there are none. */
function filledPlaceholders(values: Readonly<Record<string, string>>): Record<string, string> | undefined {
  const filled = Object.entries(values).filter(([, value]) => value !== '');
  return filled.length > 0 ? Object.fromEntries(filled) : undefined;
}

/** Pick a file (path, picker, drop or built-in sample), see how it will be read, adjust, import with progress. */
export function ImportPanel({ onImported }: ImportPanelProps) {
  const { t } = useTranslation('datasets');
  const refresh = useRefreshDatasets();
  const fileInput = useRef<HTMLInputElement>(null);
  const [pathDraft, setPathDraft] = useState('');
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [format, setFormat] = useState<DatasetFormat | 'auto'>('auto');
  const [columns, setColumns] = useState<ColumnMapping>({});
  const [showColumns, setShowColumns] = useState(false);
  const [rolesText, setRolesText] = useState('');
  const [ktoAsSft, setKtoAsSft] = useState(false);
  const [placeholderValues, setPlaceholderValues] = useState<Record<string, string>>({});
  const [keepPlaceholders, setKeepPlaceholders] = useState(false);
  /** Placeholders a refused import named beyond those seen in the first records. */
  const [refusedPlaceholders, setRefusedPlaceholders] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ fraction: number | null; data: ImportProgress | null }>({ fraction: null, data: null });
  const [message, setMessage] = useState<{ text: string; color: string } | null>(null);
  const samples = useApiQuery('datasets.samples', {}, { staleTime: Number.POSITIVE_INFINITY });
  const detect = useApiMutation('datasets.detect');
  const start = useApiMutation('datasets.import');
  const cancel = useApiMutation('jobs.cancel');

  const roles = parseRoleNames(rolesText);
  const options = (): ReadOptions => ({
    ...(format === 'auto' ? {} : { format }),
    ...(Object.keys(columns).length > 0 ? { columns } : {}),
    ...(Object.keys(roles).length > 0 ? { roles } : {}),
    ...(ktoAsSft ? { ktoAsSft } : {}),
    ...(filledPlaceholders(placeholderValues) ? { placeholders: filledPlaceholders(placeholderValues) } : {}),
    ...(keepPlaceholders ? { keepPlaceholders } : {}),
  });
  const detection = detect.data;
  const best = detection?.candidates[0];
  const placeholderNames = [...new Set([...(detection?.placeholders ?? []), ...refusedPlaceholders])];
  const hasKto = best?.kind === 'kto' || (detection?.datasetInfo ?? []).some((entry) => entry.kind === 'kto');

  // Every change of file, format or columns shows again how the file will be read.
  useEffect(() => {
    if (!chosen) return;
    detect.mutate({ source: chosen.source, options: options() });
  }, [chosen, format, columns]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (detection && (detection.ambiguous || detection.candidates.length === 0) && !detection.datasetInfo) setShowColumns(true);
  }, [detection]);

  const choose = (next: Chosen): void => {
    setChosen(next);
    setFormat('auto');
    setColumns({});
    setRolesText('');
    setKtoAsSft(false);
    setPlaceholderValues({});
    setKeepPlaceholders(false);
    setRefusedPlaceholders([]);
    setShowColumns(false);
    setMessage(null);
  };

  const chooseFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setBusy(t('import.uploading', { name: file.name }));
    try {
      choose({ source: await sendFile(file), name: file.name });
    } catch (error) {
      setMessage({ text: (error as Error).message, color: 'red' });
    } finally {
      setBusy(null);
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>): void => {
    event.preventDefault();
    void chooseFile(event.dataTransfer.files[0]);
  };

  const runImport = (source: DatasetSource, readOptions: ReadOptions, datasetName?: string): void => {
    setMessage(null);
    setProgress({ fraction: 0, data: null });
    start.mutate(
      { source, options: readOptions, ...(datasetName ? { name: datasetName } : {}) },
      {
        onSuccess: ({ jobId: started }) => setJobId(started),
        onError: (error) => {
          setProgress({ fraction: null, data: null });
          setMessage({ text: error.message, color: 'red' });
        },
      },
    );
  };

  useJobEvents(jobId, {
    onProgress: (event) => {
      const items = parseJobProgress('dataset-import', event.data);
      setProgress((previous) => ({ fraction: event.fraction, data: items.at(-1) ?? previous.data }));
    },
    onFinished: (event) => {
      setJobId(null);
      setProgress({ fraction: null, data: null });
      refresh();
      if (event.state !== 'done') {
        setMessage({ text: event.error?.message ?? event.state, color: event.state === 'cancelled' ? 'gray' : 'red' });
        const named = event.error?.details?.placeholders;
        if (Array.isArray(named)) setRefusedPlaceholders(named.filter((name): name is string => typeof name === 'string'));
        return;
      }
      const result = parseJobResult('dataset-import', event.result);
      if (!result) return;
      const lines = result.datasets.map(({ dataset, alreadyImported }) =>
        alreadyImported ? t('import.already', { name: dataset.name }) : t('import.done', { name: dataset.name, rows: dataset.rows, rejected: dataset.rejectedRows }),
      );
      setMessage({ text: lines.join('\n'), color: 'green' });
      const first = result.datasets[0];
      if (first) onImported(first.dataset.id);
    },
  });

  const running = jobId !== null || start.isPending;
  return (
    <Card withBorder data-testid="dataset-import">
      <Title order={4} mb="sm">
        {t('import.title')}
      </Title>
      <Stack gap="sm">
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            flex={1}
            label={t('import.path')}
            placeholder={t('import.pathPlaceholder')}
            value={pathDraft}
            onChange={(event) => setPathDraft(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && pathDraft.trim() !== '') choose({ source: { kind: 'file', path: pathDraft.trim() }, name: pathDraft.trim() });
            }}
            data-testid="dataset-path"
          />
          <Button variant="light" disabled={pathDraft.trim() === ''} onClick={() => choose({ source: { kind: 'file', path: pathDraft.trim() }, name: pathDraft.trim() })}>
            {t('import.check')}
          </Button>
        </Group>
        <Paper withBorder p="sm" style={{ borderStyle: 'dashed', textAlign: 'center' }} onDragOver={(event) => event.preventDefault()} onDrop={onDrop} data-testid="dataset-drop">
          <Group justify="center" gap="xs">
            <Text size="sm" c="dimmed">
              {t('import.drop')}
            </Text>
            <Button size="xs" variant="default" onClick={() => fileInput.current?.click()} loading={busy !== null}>
              {t('import.choose')}
            </Button>
          </Group>
          <input
            ref={fileInput}
            type="file"
            accept=".jsonl,.ndjson,.json,.csv,.txt"
            hidden
            data-testid="dataset-file-input"
            onChange={(event) => {
              void chooseFile(event.currentTarget.files?.[0]);
              event.currentTarget.value = '';
            }}
          />
        </Paper>

        {chosen && (
          <Stack gap="xs" data-testid="dataset-detection">
            <Text size="sm" fw={500}>
              {chosen.name}
            </Text>
            {detect.error && <Alert color="red">{detect.error.message}</Alert>}
            {detection?.datasetInfo && (
              <Alert color="blue" title={t('import.datasetInfo', { count: detection.datasetInfo.length })}>
                <List size="sm">
                  {detection.datasetInfo.map((entry) => (
                    <List.Item key={entry.name}>
                      {entry.name}: {entry.problem !== null ? problemText(t, { message: entry.problem, reason: entry.problemReason }) : `${entry.format ? t(`formats.${entry.format}`) : ''} (${entry.kind ? t(`kinds.${entry.kind}`) : ''})`}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {detection && !detection.datasetInfo && (
              <>
                <Select
                  label={t('import.format')}
                  value={format}
                  allowDeselect={false}
                  data={[{ value: 'auto', label: t('import.auto') }, ...datasetFormats.map((value) => ({ value, label: t(`formats.${value}`) }))]}
                  onChange={(value) => {
                    setFormat((value ?? 'auto') as DatasetFormat | 'auto');
                    setColumns({});
                  }}
                  data-testid="dataset-format"
                />
                {best ? (
                  <Text size="sm" data-testid="detected-format">
                    {t('import.detected', { format: t(`formats.${best.format}`), kind: t(`kinds.${best.kind}`), reason: detectionText(t, best) })}
                  </Text>
                ) : (
                  <Alert color="yellow">{t('import.unknown', { keys: detection.keys.join(', ') || '—' })}</Alert>
                )}
                {best && detection.ambiguous && <Alert color="yellow">{t('import.ambiguous')}</Alert>}
                {best && (
                  <>
                    <Button size="xs" variant="subtle" onClick={() => setShowColumns((open) => !open)} w="fit-content">
                      {t('import.columns')}
                    </Button>
                    <Collapse expanded={showColumns}>
                      <ColumnMappingForm
                        format={best.format}
                        kind={best.kind}
                        keys={detection.keys}
                        value={{ ...best.columns, ...columns }}
                        onChange={(next) => setColumns(next)}
                      />
                      <TextInput
                        mt="xs"
                        size="xs"
                        label={t('import.roles')}
                        placeholder="bot=assistant, customer=user"
                        value={rolesText}
                        onChange={(event) => setRolesText(event.currentTarget.value)}
                        data-testid="role-names"
                      />
                    </Collapse>
                  </>
                )}
              </>
            )}
            {placeholderNames.length > 0 && (
              <Stack gap={4} data-testid="placeholder-fields">
                <Text size="sm">{t('import.placeholders', { names: placeholderNames.map((name) => `{{${name}}}`).join(', ') })}</Text>
                {placeholderNames.map((placeholder) => (
                  <TextInput
                    key={placeholder}
                    size="xs"
                    label={`{{${placeholder}}}`}
                    value={placeholderValues[placeholder] ?? ''}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setPlaceholderValues((previous) => ({ ...previous, [placeholder]: value }));
                    }}
                    data-testid={`placeholder-${placeholder}`}
                  />
                ))}
                <Checkbox size="xs" label={t('import.keepPlaceholders')} checked={keepPlaceholders} onChange={(event) => setKeepPlaceholders(event.currentTarget.checked)} data-testid="keep-placeholders" />
              </Stack>
            )}
            {hasKto && (
              <Checkbox
                label={t('import.ktoAsSft')}
                description={t('import.ktoAsSftHint')}
                checked={ktoAsSft}
                onChange={(event) => setKtoAsSft(event.currentTarget.checked)}
                data-testid="kto-as-sft"
              />
            )}
            <TextInput label={t('import.name')} placeholder={t('import.namePlaceholder')} value={name} onChange={(event) => setName(event.currentTarget.value)} />
            <Group>
              <Button
                onClick={() => runImport(chosen.source, options(), name.trim() || undefined)}
                loading={running}
                disabled={!detection || (!best && !detection.datasetInfo)}
                data-testid="dataset-import-start"
              >
                {t('import.start')}
              </Button>
              {jobId && (
                <Button color="red" variant="light" onClick={() => cancel.mutate({ jobId })}>
                  {t('import.cancel')}
                </Button>
              )}
            </Group>
          </Stack>
        )}

        {progress.fraction !== null && (
          <Stack gap={4} data-testid="dataset-import-progress">
            <Progress value={(progress.fraction ?? 0) * 100} animated />
            {progress.data && (
              <Text size="xs" c="dimmed">
                {t(`import.phase.${progress.data.phase}`)} · {t('import.progress', { rows: progress.data.rows, problems: progress.data.problems })}
              </Text>
            )}
          </Stack>
        )}
        {busy && (
          <Text size="sm" c="dimmed">
            {busy}
          </Text>
        )}
        {message && (
          <Alert color={message.color} style={{ whiteSpace: 'pre-line' }} data-testid="dataset-import-message">
            {message.text}
          </Alert>
        )}

        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('import.samples')}
          </Text>
          <Stack gap={6}>
            {(samples.data ?? []).map((sample) => (
              <Group key={sample.id} justify="space-between" wrap="nowrap" gap="xs">
                <div style={{ minWidth: 0 }}>
                  <Text size="sm" truncate>
                    {t(`sampleName.${sample.id}`, { defaultValue: sample.name })}
                  </Text>
                  <Group gap={4}>
                    <Badge size="xs" variant="light">
                      {t(`kinds.${sample.kind}`)}
                    </Badge>
                    <Badge size="xs" variant="outline">
                      {sample.rows}
                    </Badge>
                    <Badge size="xs" variant="outline" color="gray">
                      {sample.license}
                    </Badge>
                  </Group>
                </div>
                <Button
                  size="xs"
                  variant="light"
                  style={{ flexShrink: 0 }}
                  disabled={running}
                  onClick={() => runImport({ kind: 'sample', id: sample.id }, {})}
                  data-testid={`sample-import-${sample.id}`}
                >
                  {t('import.sampleImport')}
                </Button>
              </Group>
            ))}
          </Stack>
        </div>
      </Stack>
    </Card>
  );
}
