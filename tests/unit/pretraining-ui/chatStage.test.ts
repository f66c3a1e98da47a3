import { describe, expect, it } from 'vitest';
import type { JobFinished, JobProgress } from '../../../electron/shared/contract/jobs.ts';
import type { WorldSftResult } from '../../../electron/shared/contract/worldChat.ts';
import {
  adoptExistingChat,
  appendLossPoints,
  applyJobFinished,
  applyJobProgress,
  blockReason,
  idkChatModel,
  idkDataFinished,
  idkDataStarted,
  initialChatStage,
  isRunning,
  jobStepRefused,
  jobStepStarted,
  maxLossPoints,
  parseSavedChatStage,
  probeModels,
  reconcileWithJobs,
  setSource,
  type ChatStage,
} from '../../../renderer/src/pages/pretraining/chatStage.ts';
import { jobRecord, report } from './fixtures.ts';

const base = { path: '/m/base.gguf', name: 'base.gguf' };
const sourced = (): ChatStage => setSource(initialChatStage(), { worldDir: '/w', base });
const sftResult = (outPath: string, data: 'known-qa' | 'idk' = 'known-qa'): WorldSftResult => ({
  outPath,
  modelId: `id-${outPath}`,
  data,
  examples: 96,
  steps: 300,
  initialLoss: 5.1,
  finalLoss: 0.4,
  seconds: 42,
});
const progress = (jobId: string, data: unknown, fraction: number | null = null): JobProgress => ({ jobId, kind: 'world-sft', fraction, data });
const finished = (jobId: string, state: JobFinished['state'], result?: unknown, message?: string): JobFinished => ({
  jobId,
  kind: 'world-sft',
  state,
  ...(result === undefined ? {} : { result }),
  ...(message === undefined ? {} : { error: { code: 'internal', message } }),
});
const idkData = {
  sftPath: '/d/idk-sft.jsonl',
  sftDatasetId: 'ds-sft',
  sftRows: 30,
  dpoPath: '/d/idk-dpo.jsonl',
  dpoDatasetId: 'ds-dpo',
  dpoPairs: 20,
  reasons: { nonexistent: 12, heldOutWrong: 8, knownReplay: 10 },
};

/** Runs the whole pipeline to "IDK data built" through the same events the engine sends. */
function throughIdkData(): ChatStage {
  let state = jobStepStarted(sourced(), 'sft', 'j-sft', 1000);
  state = applyJobFinished(state, finished('j-sft', 'done', sftResult('/m/chat.gguf')));
  state = jobStepStarted(state, 'probe', 'j-probe', 2000);
  state = applyJobFinished(state, finished('j-probe', 'done', report()));
  return idkDataFinished(idkDataStarted(state), { result: idkData });
}

describe('the chat stage pipeline', () => {
  it('walks base → chat → probe → IDK data → chat+IDK → comparison, each step unlocked by the one before', () => {
    let state = sourced();
    expect(blockReason(initialChatStage(), 'sft')).toBe('needSource');
    expect(blockReason(state, 'sft')).toBeNull();
    expect(blockReason(state, 'probe')).toBe('needChat');

    state = jobStepStarted(state, 'sft', 'j-sft', 1000);
    expect(isRunning(state)).toBe(true);
    expect(blockReason(state, 'probe')).toBe('busy');
    state = applyJobFinished(state, finished('j-sft', 'done', sftResult('/m/chat.gguf')));
    expect(state.sft.status).toBe('done');
    // The new model is known by the library name step 1 asked for.
    expect(state.chat).toEqual({ path: '/m/chat.gguf', name: 'base.gguf · chat' });
    expect(probeModels(state, 'probe')).toEqual([
      { label: 'base', modelPath: '/m/base.gguf' },
      { label: 'chat', modelPath: '/m/chat.gguf' },
    ]);
    expect(blockReason(state, 'idkData')).toBe('needProbe');

    state = jobStepStarted(state, 'probe', 'j-probe', 2000);
    state = applyJobFinished(state, finished('j-probe', 'done', report()));
    expect(state.probe.result?.models.map((model) => model.label)).toEqual(['base', 'chat']);
    expect(blockReason(state, 'idkData')).toBeNull();
    expect(blockReason(state, 'idkSft')).toBe('needIdkData');

    state = idkDataFinished(idkDataStarted(state), { result: idkData });
    expect(blockReason(state, 'idkSft')).toBeNull();
    expect(blockReason(state, 'reprobe')).toBe('needIdkModel');

    state = jobStepStarted(state, 'idkSft', 'j-idk', 3000);
    state = applyJobFinished(state, finished('j-idk', 'done', sftResult('/m/chat-idk.gguf', 'idk')));
    expect(idkChatModel(state)).toEqual({ path: '/m/chat-idk.gguf', name: 'base.gguf · chat · IDK' });
    expect(probeModels(state, 'reprobe').map((model) => model.label)).toEqual(['base', 'chat', 'chat+IDK']);
    expect(blockReason(state, 'reprobe')).toBeNull();
  });

  it('clears everything built on a step when that step starts again', () => {
    const built = throughIdkData();
    const again = jobStepStarted(built, 'probe', 'j-probe-2', 5000);
    expect(again.idkData.status).toBe('idle');
    expect(again.idkData.result).toBeNull();
    expect(again.chat?.path).toBe('/m/chat.gguf');
    const retrained = jobStepStarted(built, 'sft', 'j-sft-2', 5000);
    expect(retrained.chat).toBeNull();
    expect(retrained.probe.status).toBe('idle');
    // A new base model throws the whole pipeline away; the same source again keeps it.
    expect(setSource(built, { worldDir: '/w', base })).toBe(built);
    expect(setSource(built, { worldDir: '/w2', base }).probe.result).toBeNull();
  });

  it('skips step 1 with an existing chat model', () => {
    const state = adoptExistingChat(sourced(), { path: '/m/old-chat.gguf', name: 'old chat' });
    expect(state.chat?.name).toBe('old chat');
    expect(state.sft.status).toBe('idle');
    expect(blockReason(state, 'probe')).toBeNull();
  });

  it('draws loss from batched progress of its own job only, thinned for long runs', () => {
    let state = jobStepStarted(sourced(), 'sft', 'j-sft', 1000);
    state = applyJobProgress(state, progress('other-job', { type: 'step', step: 1, totalSteps: 10, loss: 9, elapsedMs: 1 }));
    expect(state.sft.points).toEqual([]);
    state = applyJobProgress(
      state,
      progress('j-sft', [
        { type: 'step', step: 1, totalSteps: 10, loss: 5, elapsedMs: 10 },
        { type: 'something else' },
        { type: 'step', step: 2, totalSteps: 10, loss: 4, elapsedMs: 20 },
      ], 0.2),
    );
    expect(state.sft.points).toEqual([
      { step: 1, loss: 5 },
      { step: 2, loss: 4 },
    ]);
    expect(state.sft.last).toEqual({ step: 2, loss: 4 });
    expect(state.sft.fraction).toBe(0.2);
    expect(state.sft.totalSteps).toBe(10);

    const long = Array.from({ length: 4000 }, (_, index) => ({ step: index + 1, loss: 1 }));
    const thinned = appendLossPoints([], long, 4000);
    expect(thinned.length).toBeLessThanOrEqual(maxLossPoints + 1);
    expect(thinned[0]?.step).toBe(1);
    expect(thinned.at(-1)?.step).toBe(4000);
  });

  it('keeps the latest probe progress', () => {
    let state = jobStepStarted({ ...sourced(), chat: { path: '/m/chat.gguf', name: 'chat' } }, 'probe', 'j-probe', 1000);
    state = applyJobProgress(state, progress('j-probe', { type: 'probe', label: 'chat', done: 7, total: 120 }, 0.5));
    expect(state.probe.progress).toEqual({ type: 'probe', label: 'chat', done: 7, total: 120 });
    expect(state.probe.fraction).toBe(0.5);
  });

  it('shows a failed, cancelled or refused job with its reason', () => {
    const running = jobStepStarted(sourced(), 'sft', 'j-sft', 1000);
    const failed = applyJobFinished(running, finished('j-sft', 'failed', undefined, 'out of memory'));
    expect(failed.sft).toMatchObject({ status: 'failed', error: 'out of memory' });
    expect(failed.chat).toBeNull();
    expect(applyJobFinished(running, finished('j-sft', 'cancelled')).sft.status).toBe('cancelled');
    expect(jobStepRefused(sourced(), 'sft', 'World folder /x does not exist').sft).toMatchObject({ status: 'failed', error: 'World folder /x does not exist' });
    // A result that is not what the contract says is a failure, not a crash.
    expect(applyJobFinished(running, finished('j-sft', 'done', { outPath: 3 })).sft.status).toBe('failed');
  });

  it('squares running steps with the jobs list after the page was away', () => {
    const running = jobStepStarted(sourced(), 'sft', 'j-sft', Date.parse('2026-12-05T08:00:00Z'));
    const at = Date.parse('2026-12-05T08:10:00Z');
    expect(reconcileWithJobs(running, [jobRecord('j-sft', 'running')], at)).toBe(running);
    expect(reconcileWithJobs(running, [jobRecord('j-sft', 'failed', '2026-12-05T08:05:00Z', 'trainer crashed')], at).sft).toMatchObject({ status: 'failed', error: 'trainer crashed' });
    expect(reconcileWithJobs(running, [jobRecord('j-sft', 'done', '2026-12-05T08:05:00Z')], at).sft.status).toBe('lost');
    expect(reconcileWithJobs(running, [], at).sft.status).toBe('lost');
    // Just ended: its job.finished may still be on the way. Just started: a list fetched at that moment may not have it.
    expect(reconcileWithJobs(running, [jobRecord('j-sft', 'done', '2026-12-05T08:09:59Z')], at)).toBe(running);
    expect(reconcileWithJobs(running, [], Date.parse('2026-12-05T08:00:01Z'))).toBe(running);
  });

  it('reads a saved pipeline back, and nothing unreadable', () => {
    const built = throughIdkData();
    expect(parseSavedChatStage(JSON.stringify(built))).toEqual(built);
    expect(parseSavedChatStage(null)).toBeNull();
    expect(parseSavedChatStage('{not json')).toBeNull();
    expect(parseSavedChatStage(JSON.stringify({ ...built, version: 0 }))).toBeNull();
    // A buildIdkData call cut off by a reload is not done: the step can be run again.
    const interrupted = idkDataStarted(built);
    expect(isRunning(interrupted)).toBe(true);
    expect(parseSavedChatStage(JSON.stringify(interrupted))?.idkData.status).toBe('idle');
  });
});
