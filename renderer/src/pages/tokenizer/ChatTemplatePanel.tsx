import { Alert, Autocomplete, Badge, Button, Grid, Group, List, SegmentedControl, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import type { ChatMessage, TemplateRef, TokenizerRef } from '../../../../electron/shared/contract/tokenizer.ts';
import { useApiMutation, useApiQuery } from '../../api/hooks.ts';
import { ConversationEditor } from './ConversationEditor.tsx';
import { RenderedText } from './RenderedText.tsx';
import { TemplateEditor } from './TemplateEditor.tsx';
import { sampleConversation, templatePresets } from './templatePresets.ts';
import { TokenizerPicker } from './TokenizerPicker.tsx';
import { TokenStream } from './TokenStream.tsx';
import { renderWarningText } from './renderWarningText.ts';

type TemplateSource = 'custom' | 'model';

const errorPosition = (error: unknown): { line: number; column: number } | null => {
  if (!(error instanceof WorkbenchError)) return null;
  const line = error.details?.line;
  const column = error.details?.column;
  return typeof line === 'number' ? { line, column: typeof column === 'number' ? column : 1 } : null;
};

/** Conversation → chat template → exact token stream, with the SFT train mask over it. */
export function ChatTemplatePanel() {
  const { t } = useTranslation('tokenizer');
  const encodings = useApiQuery('tokenizer.encodings', {}, { staleTime: Number.POSITIVE_INFINITY });
  const [messages, setMessages] = useState<ChatMessage[]>(sampleConversation);
  const [source, setSource] = useState<TemplateSource>('custom');
  const [templateText, setTemplateText] = useState(templatePresets[0]?.text ?? '');
  const [templateModel, setTemplateModel] = useState('');
  const [pickedTokenizer, setTokenizer] = useState<TokenizerRef>({ kind: 'tiktoken', encoding: 'cl100k_base' });
  // With the model's own template, the tokens are that model's too unless the user picks another tokenizer:
  // the model is named once, and the train mask is never counted with cl100k meanwhile.
  const [tokenizerFollowsModel, setTokenizerFollowsModel] = useState(true);
  const library = useApiQuery('models.list', {});
  const [addGenerationPrompt, setAddGenerationPrompt] = useState(false);
  const [showMask, setShowMask] = useState(true);
  const render = useApiMutation('tokenizer.renderTemplate');
  const modelTemplate = useApiMutation('tokenizer.modelInfo');

  const modelForTemplate = templateModel.trim() !== '' ? templateModel.trim() : pickedTokenizer.kind === 'model' ? pickedTokenizer.model : '';
  const tokenizer: TokenizerRef = source === 'model' && tokenizerFollowsModel && modelForTemplate !== '' ? { kind: 'model', model: modelForTemplate } : pickedTokenizer;
  const template: TemplateRef | null =
    source === 'custom' ? { kind: 'custom', text: templateText } : modelForTemplate !== '' ? { kind: 'model', model: modelForTemplate } : null;
  const run = (): void => {
    if (!template || (source === 'custom' && templateText.trim() === '')) return;
    render.mutate({ messages, template, tokenizer, options: { addGenerationPrompt, variables: {}, endOfTurnTokens: [] } });
  };
  // The model's own template, copied into the editor so it can be changed and saved as a custom one.
  const editModelTemplate = (): void =>
    modelTemplate.mutate(
      { model: modelForTemplate },
      {
        onSuccess: (info) => {
          if (info.chatTemplate === null) {
            notifications.show({ message: t('template.noModelTemplate'), color: 'yellow' });
            return;
          }
          setTemplateText(info.chatTemplate);
          setSource('custom');
        },
        onError: (error) => notifications.show({ message: error.message, color: 'red' }),
      },
    );
  // Render once on arrival so the page never starts empty.
  useEffect(run, []); // eslint-disable-line react-hooks/exhaustive-deps

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  };
  const position = errorPosition(render.error);
  const result = render.data;

  return (
    <Grid onKeyDown={onKeyDown} data-testid="chat-template-panel">
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Stack gap="sm">
          <Title order={5}>{t('template.conversation')}</Title>
          <ConversationEditor messages={messages} onChange={setMessages} />
          <Title order={5}>{t('template.source')}</Title>
          <SegmentedControl
            value={source}
            onChange={(value) => setSource(value as TemplateSource)}
            data={[
              { value: 'custom', label: t('template.sourceCustom') },
              { value: 'model', label: t('template.sourceModel') },
            ]}
            data-testid="template-source"
          />
          {source === 'model' ? (
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <Autocomplete
                flex={1}
                label={t('template.templateModel')}
                placeholder={t('picker.modelPlaceholder')}
                data={[...new Set((library.data ?? []).map((model) => model.name))]}
                value={templateModel}
                onChange={setTemplateModel}
                data-testid="template-model"
              />
              <Button variant="default" disabled={modelForTemplate === ''} loading={modelTemplate.isPending} onClick={editModelTemplate}>
                {t('template.editModelTemplate')}
              </Button>
            </Group>
          ) : (
            <TemplateEditor text={templateText} onChange={setTemplateText} errorLine={position?.line ?? null} />
          )}
          <TokenizerPicker
            value={tokenizer}
            onChange={(next) => {
              setTokenizer(next);
              setTokenizerFollowsModel(false);
            }}
            encodings={encodings.data ?? []}
            testId="template-tokenizer"
          />
          <Switch label={t('template.addGenerationPrompt')} checked={addGenerationPrompt} onChange={(event) => setAddGenerationPrompt(event.currentTarget.checked)} />
          <Group>
            <Button onClick={run} loading={render.isPending} disabled={!template} data-testid="template-render">
              {t('template.render')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('template.renderShortcut')}
            </Text>
          </Group>
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Stack gap="sm">
          {render.error && (
            <Alert color="red" title={t('template.errorTitle')} data-testid="template-error">
              {position && <Text fw={500}>{t('template.errorAt', position)}</Text>}
              <Text size="sm">{render.error.message}</Text>
            </Alert>
          )}
          {result && !render.error && (
            <>
              <Group justify="space-between">
                <Title order={5}>{t('template.tokenStream')}</Title>
                <Switch label={t('template.showMask')} checked={showMask} onChange={(event) => setShowMask(event.currentTarget.checked)} />
              </Group>
              <Group gap="xs">
                <Text size="sm" data-testid="trained-count">
                  {t('template.trainedCount', { trained: result.trainedTokens, total: result.tokens.length })}
                </Text>
                <Badge variant="light" color="green">{t('template.legendTrained')}</Badge>
                <Badge variant="light" color="gray">{t('template.legendPrompt')}</Badge>
                <Badge variant="filled" color="violet">{t('template.legendSpecial')}</Badge>
              </Group>
              {result.warnings.length > 0 && (
                <Alert color="yellow" title={t('template.warnings')} data-testid="template-warnings">
                  <List size="sm">
                    {result.warnings.map((warning, index) => (
                      <List.Item key={index}>{renderWarningText(t, warning)}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
              <TokenStream tokens={result.tokens} mask={result.mask} showMask={showMask} testId="template-token-stream" />
              <Title order={6}>{t('template.renderedText')}</Title>
              <RenderedText text={result.text} segments={result.segments} />
            </>
          )}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
