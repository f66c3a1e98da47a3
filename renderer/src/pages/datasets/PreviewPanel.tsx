import { Alert, Grid, Group, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetSummary } from '../../../../electron/shared/contract/datasets.ts';
import type { RenderResult, TemplateRef, TokenizerRef } from '../../../../electron/shared/contract/tokenizer.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { RenderedText } from '../tokenizer/RenderedText.tsx';
import { renderWarningText } from '../tokenizer/renderWarningText.ts';
import { templatePresets } from '../tokenizer/templatePresets.ts';
import { TokenizerPicker } from '../tokenizer/TokenizerPicker.tsx';
import { TokenStream } from '../tokenizer/TokenStream.tsx';

interface PreviewPanelProps {
  readonly dataset: DatasetSummary;
  readonly rowId: number | null;
}

function MaskedRender({ render, testId }: { readonly render: RenderResult; readonly testId: string }) {
  const { t } = useTranslation('datasets');
  return (
    <Stack gap="xs" data-testid={testId}>
      <Text size="sm" data-testid={`${testId}-count`}>
        {t('preview.trained', { trained: render.trainedTokens, total: render.tokens.length })}
      </Text>
      <RenderedText text={render.text} segments={render.segments} />
      <TokenStream tokens={render.tokens} mask={render.mask} showMask testId={`${testId}-tokens`} />
      {render.warnings.map((warning) => (
        <Alert key={`${warning.code}-${warning.messageIndex ?? ''}`} color="yellow" p="xs">
          {renderWarningText(t, warning)}
        </Alert>
      ))}
    </Stack>
  );
}

/** A row through a chat template, as training will see it: which tokens are trained and which are context. */
export function PreviewPanel({ dataset, rowId }: PreviewPanelProps) {
  const { t } = useTranslation('datasets');
  const encodings = useApiQuery('tokenizer.encodings', {}, { staleTime: Number.POSITIVE_INFINITY });
  const [source, setSource] = useState<'preset' | 'model'>('preset');
  const [presetId, setPresetId] = useState(templatePresets[0]?.id ?? 'chatml');
  const [templateModel, setTemplateModel] = useState('');
  const [tokenizer, setTokenizer] = useState<TokenizerRef>({ kind: 'tiktoken', encoding: 'cl100k_base' });
  const row = useApiQuery('datasets.row', { datasetId: dataset.id, rowId: rowId ?? 1 }, { enabled: rowId !== null });
  const modelForTemplate = templateModel.trim() || (tokenizer.kind === 'model' ? tokenizer.model : '');
  const presetText = templatePresets.find((preset) => preset.id === presetId)?.text ?? '';
  const template: TemplateRef | null = source === 'preset' ? { kind: 'custom', text: presetText, name: presetId } : modelForTemplate ? { kind: 'model', model: modelForTemplate } : null;
  const ready = rowId !== null && template !== null && row.data?.row !== null && row.data !== undefined;
  const preview = useApiQuery(
    'datasets.preview',
    { datasetId: dataset.id, rowId: rowId ?? 1, template: template ?? { kind: 'custom', text: presetText }, tokenizer },
    { enabled: ready, retry: false },
  );

  if (rowId === null) return <Text c="dimmed">{t('preview.pick')}</Text>;
  return (
    <Stack gap="sm" data-testid="dataset-preview">
      <Group align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('preview.template')}
          </Text>
          <SegmentedControl
            size="xs"
            value={source}
            onChange={(value) => setSource(value as typeof source)}
            data={[
              { value: 'preset', label: t('preview.templateCustom') },
              { value: 'model', label: t('preview.templateModel') },
            ]}
          />
        </Stack>
        {source === 'preset' ? (
          <Select w={200} value={presetId} allowDeselect={false} data={templatePresets.map((preset) => ({ value: preset.id, label: preset.label }))} onChange={(value) => setPresetId(value ?? presetId)} />
        ) : (
          <TextInput w={320} label={t('preview.model')} value={templateModel} onChange={(event) => setTemplateModel(event.currentTarget.value)} />
        )}
        <TokenizerPicker value={tokenizer} onChange={setTokenizer} encodings={encodings.data ?? []} testId="preview-tokenizer" />
      </Group>
      {row.data && (
        <Title order={5}>
          {t('preview.row', { position: row.data.position })}
        </Title>
      )}
      {row.data && row.data.row === null && <Alert color="orange">{t('preview.notValid')}</Alert>}
      {preview.error && <Alert color="red">{preview.error.message}</Alert>}
      <Text size="xs" c="dimmed">
        {t('preview.mask')}
      </Text>
      {preview.data?.kind === 'conversation' && <MaskedRender render={preview.data.render} testId="preview-render" />}
      {preview.data?.kind === 'preference' && (
        <Grid>
          <Grid.Col span={{ base: 12, xl: 6 }}>
            <Title order={6} c="green">
              {t('preview.chosen')}
            </Title>
            <MaskedRender render={preview.data.chosen} testId="preview-chosen" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, xl: 6 }}>
            <Title order={6} c="red">
              {t('preview.rejected')}
            </Title>
            <MaskedRender render={preview.data.rejected} testId="preview-rejected" />
          </Grid.Col>
        </Grid>
      )}
      {preview.data?.kind === 'text' && (
        <Stack gap="xs" data-testid="preview-text">
          <Text size="sm">{t('preview.textTrained', { count: preview.data.encode.count })}</Text>
          <TokenStream tokens={preview.data.encode.tokens} mask={preview.data.encode.tokens.map(() => 1)} showMask testId="preview-text-tokens" />
        </Stack>
      )}
    </Stack>
  );
}
