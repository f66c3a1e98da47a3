import { Button, Card, Grid, Group, Kbd, NumberInput, SegmentedControl, Stack, Switch, Tabs, Text, Textarea, Tooltip } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { generationResultSchema, type ChatMessage, type GenerationRequestInput, type RunRecord } from '../../../../electron/shared/contract/generate.ts';
import { ChatEditor } from './ChatEditor.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { ModelPicker } from './ModelPicker.tsx';
import { OutputPanel } from './OutputPanel.tsx';
import { buildRequest, chatMessages, randomSeed, type PlaygroundSettings } from './playgroundSettings.ts';
import { answering, clearPlaygroundHandoff, playgroundDraft, playgroundNotice, playgroundSelection, playgroundSettings, playgroundTab, takePlaygroundHandoff } from './playgroundStore.ts';
import { SamplerViewPanel } from './SamplerViewPanel.tsx';
import { SamplingPanel } from './SamplingPanel.tsx';
import { ScorePanel } from './ScorePanel.tsx';
import { RewardScorePanel } from '../rewardModel/RewardScorePanel.tsx';
import { TokenInspector } from './TokenInspector.tsx';
import { useGenerationRun } from './useGenerationRun.ts';
import { PageHeader } from '../../app/PageHeader.tsx';
import { useSessionState } from '../../app/sessionStore.ts';

export function PlaygroundPage() {
  const { t } = useTranslation('playground');
  // Another page (Training's "open in playground") may have left a model + adapters to start with.
  useState(takePlaygroundHandoff); // once, before the first read of the settings
  useEffect(() => clearPlaygroundHandoff(), []);
  // Everything the page shows lives in stores that outlive it (playgroundStore.ts), so leaving loses nothing.
  const [settings, setSettings] = useSessionState(playgroundSettings);
  const [draft, setDraft] = useSessionState(playgroundDraft);
  const [selected, setSelected] = useSessionState(playgroundSelection);
  const [notice, setNotice] = useSessionState(playgroundNotice);
  const [tab, setTab] = useSessionState(playgroundTab);
  const run = useGenerationRun();
  const patch = (changes: Partial<PlaygroundSettings>): void => setSettings((current) => ({ ...current, ...changes }));

  const seedForRun = (): number => {
    if (!settings.randomSeed) return settings.sampling.seed;
    const seed = randomSeed();
    patch({ sampling: { ...settings.sampling, seed } });
    return seed;
  };

  const launch = (request: GenerationRequestInput, conversation: ChatMessage[]): void => {
    setSelected(null);
    setNotice(null);
    answering.current = conversation;
    void run.start(request, (samples) => {
      if (request.mode !== 'chat') return;
      const answer = samples[0]?.text ?? '';
      setSettings((current) => ({ ...current, messages: [...answering.current, { role: 'assistant', content: answer }] }));
    });
  };

  /** Generate: in chat mode the draft becomes the next user turn; an answered conversation is answered again. */
  const generate = (): void => {
    if (!settings.modelId) return setNotice(t('errors.noModel'));
    if (settings.mode === 'raw') return launch(buildRequest(settings, [], seedForRun()), []);
    let conversation = withoutTrailingAnswer(settings.messages);
    if (draft.trim() !== '') {
      conversation = [...settings.messages, { role: 'user', content: draft }];
      setDraft('');
      patch({ messages: conversation });
    }
    if (conversation.length === 0) return setNotice(t('errors.emptyChat'));
    launch(buildRequest(settings, conversation, seedForRun()), conversation);
  };

  const regenerate = (): void => {
    if (!settings.modelId) return setNotice(t('errors.noModel'));
    const conversation = settings.mode === 'chat' ? withoutTrailingAnswer(settings.messages) : [];
    launch(buildRequest(settings, conversation, seedForRun()), conversation);
  };

  const selectedToken = selected ? (run.samples[selected.sample]?.tokens[selected.index] ?? null) : null;

  /** Continue as if the model had picked `alternative` at the selected position. */
  const branch = (alternative: number): void => {
    if (!selected || !run.request) return;
    const tokens = run.samples[selected.sample]?.tokens ?? [];
    const prefill = [...tokens.slice(0, selected.index).map((token) => token.id), alternative];
    launch({ ...run.request, samples: 1, prefillTokens: prefill }, answering.current);
  };

  // Ctrl+Enter generates and Esc stops, from anywhere on the page.
  const keys = useRef({ generate, stop: run.stop, running: run.running });
  keys.current = { generate, stop: run.stop, running: run.running };
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (!keys.current.running) keys.current.generate();
      } else if (event.key === 'Escape' && keys.current.running) {
        event.preventDefault();
        keys.current.stop();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const openRun = (record: RunRecord): void => {
    const request = record.request as GenerationRequestInput;
    if (record.kind !== 'generate') return;
    restoreSettings(record, request);
    // A run saved by an older version may not have today's shape: then there is nothing to show again.
    const result = generationResultSchema.safeParse(record.result);
    if (result.success) run.show(result.data, { ...request, model: record.modelPath });
  };

  const restoreSettings = (record: RunRecord, request: GenerationRequestInput): void => {
    const messages = (request.messages ?? []).filter((message) => message.role !== 'system');
    const system = (request.messages ?? []).find((message) => message.role === 'system')?.content ?? '';
    answering.current = messages;
    setSettings((current) => ({
      ...current,
      modelId: typeof request.model === 'string' && request.model !== '' ? request.model : record.modelPath,
      adapters: record.adapters.map((adapter) => ({ adapter: adapter.path, scale: adapter.scale })),
      mode: record.mode,
      prompt: request.prompt ?? '',
      system,
      messages,
      sampling: { ...current.sampling, ...request.sampling, seed: record.seed ?? current.sampling.seed },
      maxTokens: request.maxTokens ?? current.maxTokens,
      stop: request.stop ?? [],
      samples: request.samples ?? 1,
    }));
  };

  const distributionRequest = settings.modelId
    ? {
        model: settings.modelId,
        adapters: settings.adapters,
        mode: settings.mode,
        prompt: settings.prompt,
        messages: chatMessages(settings, settings.mode === 'chat' ? [...withoutTrailingAnswer(settings.messages), ...(draft.trim() ? [{ role: 'user' as const, content: draft }] : [])] : []),
        sampling: settings.sampling,
        // With a token selected, show the distribution the model sampled that token from.
        prefillTokens: selected && run.request?.mode === settings.mode ? (run.samples[selected.sample]?.tokens.slice(0, selected.index).map((token) => token.id) ?? []) : [],
        top: 15,
      }
    : null;

  return (
    <Stack>
      <PageHeader title={t('title')} intro={t('intro')} />
      <Card withBorder>
        <ModelPicker modelId={settings.modelId} adapters={settings.adapters} onModel={(modelId) => patch({ modelId })} onAdapters={(adapters) => patch({ adapters })} />
      </Card>
      <Grid>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <Card withBorder>
              <Stack gap="sm">
                <SegmentedControl
                  value={settings.mode}
                  onChange={(mode) => patch({ mode: mode as PlaygroundSettings['mode'] })}
                  data={[
                    { value: 'raw', label: t('mode.raw') },
                    { value: 'chat', label: t('mode.chat') },
                  ]}
                  data-testid="playground-mode"
                />
                {settings.mode === 'raw' ? (
                  <Textarea
                    label={t('prompt.raw')}
                    placeholder={t('prompt.rawPlaceholder')}
                    autosize
                    minRows={4}
                    maxRows={16}
                    value={settings.prompt}
                    onChange={(event) => patch({ prompt: event.currentTarget.value })}
                    data-testid="playground-prompt"
                  />
                ) : (
                  <ChatEditor
                    system={settings.system}
                    messages={settings.messages}
                    draft={draft}
                    onSystem={(system) => patch({ system })}
                    onMessages={(messages) => patch({ messages })}
                    onDraft={setDraft}
                    onSend={() => !run.running && generate()}
                  />
                )}
                <Group justify="space-between">
                  <Group gap="xs">
                    {run.running ? (
                      <Button color="red" onClick={run.stop} data-testid="playground-stop">
                        {t('actions.stop')}
                      </Button>
                    ) : (
                      <Button onClick={generate} data-testid="playground-run">
                        {t('actions.run')}
                      </Button>
                    )}
                    <Button variant="light" disabled={run.running || !run.request} onClick={regenerate} data-testid="playground-regenerate">
                      {t('actions.regenerate')}
                    </Button>
                    <NumberInput w={90} size="xs" label={t('actions.samples')} value={settings.samples} min={1} max={16} onChange={(value) => patch({ samples: Number(value) || 1 })} />
                    <Tooltip label={t('actions.inspectorHint')}>
                      <Switch mt="lg" label={t('actions.inspector')} checked={settings.inspector} onChange={(event) => patch({ inspector: event.currentTarget.checked })} data-testid="playground-inspector" />
                    </Tooltip>
                    <Tooltip label={t('actions.entropyHint')}>
                      <Switch
                        mt="lg"
                        label={t('actions.entropy')}
                        disabled={!settings.inspector}
                        checked={settings.inspector && settings.entropy}
                        onChange={(event) => patch({ entropy: event.currentTarget.checked })}
                        data-testid="playground-entropy"
                      />
                    </Tooltip>
                  </Group>
                  <Text size="xs" c="dimmed">
                    <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Enter</Kbd> / <Kbd size="xs">Esc</Kbd> · {t('actions.shortcuts')}
                  </Text>
                </Group>
                {notice && (
                  <Text size="sm" c="red">
                    {notice}
                  </Text>
                )}
              </Stack>
            </Card>
            <OutputPanel run={run} selected={selected} onSelect={setSelected} />
            <TokenInspector token={selectedToken} onBranch={branch} branching={run.running} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SamplingPanel settings={settings} onChange={patch} />
        </Grid.Col>
      </Grid>
      <Card withBorder>
        <Tabs value={tab} onChange={(value) => value && setTab(value)} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="sampler">{t('tabs.sampler')}</Tabs.Tab>
            <Tabs.Tab value="score" data-testid="tab-score">
              {t('tabs.score')}
            </Tabs.Tab>
            <Tabs.Tab value="history" data-testid="tab-history">
              {t('tabs.history')}
            </Tabs.Tab>
            <Tabs.Tab value="reward" data-testid="tab-reward">
              {t('rewardModel:score.title')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="sampler" pt="md">
            <SamplerViewPanel request={distributionRequest} />
          </Tabs.Panel>
          <Tabs.Panel value="score" pt="md">
            <ScorePanel modelId={settings.modelId} adapters={settings.adapters} />
          </Tabs.Panel>
          <Tabs.Panel value="reward" pt="md">
            <RewardScorePanel
              currentPrompt={settings.mode === 'raw' ? settings.prompt : ([...settings.messages].reverse().find((message) => message.role === 'user')?.content ?? '')}
              currentAnswer={run.samples[0]?.text ?? ''}
              testId="playground-reward"
            />
          </Tabs.Panel>
          <Tabs.Panel value="history" pt="md">
            <HistoryPanel
              onOpen={openRun}
              onRerun={(jobId, record) => {
                const request = record.request as GenerationRequestInput;
                restoreSettings(record, request);
                run.follow(jobId, { ...request, model: record.modelPath });
              }}
            />
          </Tabs.Panel>
        </Tabs>
      </Card>
    </Stack>
  );
}

function withoutTrailingAnswer(messages: readonly ChatMessage[]): ChatMessage[] {
  return messages.at(-1)?.role === 'assistant' ? messages.slice(0, -1) : [...messages];
}
