import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompareRunRecord, CompareRunSummary } from '../../../../electron/shared/contract/compare.ts';
import { api } from '../../api/client.ts';
import { useApiQuery } from '../../api/hooks.ts';
import { useSessionState } from '../../app/sessionStore.ts';
import { BlindPanel } from './BlindPanel.tsx';
import { cellAt } from './compareJobState.ts';
import { blindJob, comparePlacement, compareShiftSource, compareTab, promptSetJob, sideBySideJob, type CompareTab } from './compareStore.ts';
import { ContenderBar } from './ContenderBar.tsx';
import { newContender, readyContenders, type ContenderDraft } from './contenderDraft.ts';
import { contenderLabel } from './contenderLabel.ts';
import { HistoryPanel } from './HistoryPanel.tsx';
import { PlacementBadge } from './PlacementBadge.tsx';
import { pickBaseChatPair } from './pickBaseChatPair.ts';
import { PromptSetPanel } from './PromptSetPanel.tsx';
import { defaultPromptSettings, type PromptSettings } from './promptSettings.ts';
import { ShiftPanel } from './ShiftPanel.tsx';
import { RewardCompareScores } from '../rewardModel/RewardCompareScores.tsx';
import { SideBySidePanel } from './SideBySidePanel.tsx';
import { useBlindRound } from './useBlindRound.ts';
import { useCompareJob } from './useCompareJob.ts';

/**
 * Compare: the contenders are set up once at the top and shared by every view — side by side, the shift view,
 * prompt sets, blind A/B and history. Set-up and prompt are in local storage; outputs, running jobs and the open
 * tab are in compareStore.ts, so leaving the page and coming back loses nothing.
 */
export function ComparePage() {
  const { t } = useTranslation('compare');
  const models = useApiQuery('models.list', {});
  const [drafts, setDrafts] = useLocalStorage<ContenderDraft[]>({ key: 'workbench-compare-contenders', defaultValue: [newContender(), newContender()], getInitialValueInEffect: false });
  const [settings, setSettings] = useLocalStorage<PromptSettings>({ key: 'workbench-compare-prompt', defaultValue: defaultPromptSettings, getInitialValueInEffect: false });
  const [placement, setPlacement] = useSessionState(comparePlacement);
  const [tab, setTab] = useSessionState(compareTab);
  const [shiftSource, setShiftSource] = useSessionState(compareShiftSource);
  const sideJob = useCompareJob(sideBySideJob);
  const setsJob = useCompareJob(promptSetJob);
  const blind = useBlindRound(blindJob);
  const library = models.data ?? [];
  const contenders = readyContenders(drafts);
  const labels = contenders.map((contender) => contenderLabel(contender, library));

  // A first visit with a base and a chat model in the library starts as "base vs chat".
  const untouched = drafts.every((draft) => draft.model === null);
  const pair = pickBaseChatPair(library);
  useEffect(() => {
    if (untouched && pair) setDrafts([newContender({ model: pair.base.id, mode: 'raw' }), newContender({ model: pair.chat.id, mode: 'chat' })]);
  }, [untouched, pair, setDrafts]);

  const outputs = Array.from({ length: sideJob.state.columns }, (_, column) => cellAt(sideJob.state, 0, column).text);

  const rerun = (run: CompareRunSummary): void => {
    const single = run.promptCount === 1;
    const job = single ? sideJob : setsJob;
    setTab(single ? 'side' : 'sets');
    void api.call('compare.historyGet', { id: run.id }).then((record) =>
      job.start(() => api.call('compare.rerun', { id: run.id }), { prompts: record.prompts, columns: record.contenders.length, labels: run.contenderLabels }),
    );
  };

  const adoptContenders = (record: CompareRunRecord): void => {
    setDrafts(
      record.contenders.map((contender) =>
        newContender({
          // The library id when the file is still in the library, else the path itself.
          model: library.find((model) => model.path === contender.modelPath)?.id ?? contender.modelPath,
          adapters: contender.adapters,
          mode: contender.mode,
          preset: contender.preset,
          label: contender.label,
        }),
      ),
    );
    if (record.prompts.length === 1) setSettings({ ...settings, prompt: record.prompts[0]!, system: record.settings.system, seed: record.settings.seed });
    setTab(record.prompts.length === 1 ? 'side' : 'sets');
  };

  return (
    <Stack gap="md">
      <div>
        <Title order={2}>{t('title')}</Title>
        <Text c="dimmed" size="sm">
          {t('intro')}
        </Text>
      </div>
      <ContenderBar drafts={drafts} models={library} onChange={setDrafts}>
        <PlacementBadge contenders={contenders} placement={placement} onPlacement={setPlacement} livePlan={sideJob.running ? sideJob.state.plan : null} />
      </ContenderBar>
      <Tabs value={tab} onChange={(value) => value && setTab(value as CompareTab)} keepMounted={false}>
        <Tabs.List>
          {(['side', 'shift', 'sets', 'blind', 'history'] as const).map((value) => (
            <Tabs.Tab key={value} value={value} data-testid={`compare-tab-${value}`}>
              {t(`tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="side" pt="md">
          <SideBySidePanel
            contenders={contenders}
            labels={labels}
            settings={settings}
            onSettings={setSettings}
            placement={placement}
            job={sideJob}
            onToShift={(text, column) => {
              setShiftSource({ source: column, reference: text });
              setTab('shift');
            }}
          />
          <RewardCompareScores prompt={settings.prompt} labels={labels} outputs={outputs} />
        </Tabs.Panel>
        <Tabs.Panel value="shift" pt="md">
          <ShiftPanel contenders={contenders} labels={labels} settings={settings} onSettings={setSettings} outputs={outputs} source={shiftSource} onSource={setShiftSource} />
        </Tabs.Panel>
        <Tabs.Panel value="sets" pt="md">
          <PromptSetPanel contenders={contenders} labels={labels} settings={settings} placement={placement} job={setsJob} />
        </Tabs.Panel>
        <Tabs.Panel value="blind" pt="md">
          <BlindPanel contenders={contenders} settings={settings} onSettings={setSettings} blind={blind} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <HistoryPanel onRerun={rerun} onUseContenders={adoptContenders} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
