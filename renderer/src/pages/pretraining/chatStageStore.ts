import { useSyncExternalStore } from 'react';
import type { JobFinished, JobRecord } from '../../../../electron/shared/contract/jobs.ts';
import type { WorldProbeReport } from '../../../../electron/shared/contract/worldChat.ts';
import { api } from '../../api/client.ts';
import {
  applyJobFinished,
  applyJobProgress,
  blockReason,
  idkDataFinished,
  idkDataStarted,
  initialChatStage,
  jobStepRefused,
  jobStepStarted,
  modelLabels,
  parseSavedChatStage,
  probeModels,
  reconcileWithJobs,
  sftModelName,
  stepOfJob,
  type ChatStage,
  type JobStepId,
} from './chatStage.ts';

/**
 * The chat pipeline lives outside the page's components: leaving the Pretraining page unmounts them, but a
 * running SFT or probe job goes on, and its progress and result must still land somewhere. So the job events are
 * subscribed here once for the whole window, and the state is kept in sessionStorage so a reloaded window picks
 * it up again (the jobs list then tells which jobs ended meanwhile; see reconcileWithJobs).
 */
const storageKey = 'workbench.pretraining.chatStage';

let state: ChatStage = readSaved();
const listeners = new Set<() => void>();
let subscribed = false;
let saveTimer: ReturnType<typeof setTimeout> | null = null;
/** A job that fails at once can end before its start call returns; its end is kept here until the id is known. */
const recentlyFinished = new Map<string, JobFinished>();

function readSaved(): ChatStage {
  try {
    return parseSavedChatStage(sessionStorage.getItem(storageKey)) ?? initialChatStage();
  } catch {
    return initialChatStage();
  }
}

function save(): void {
  if (saveTimer !== null) clearTimeout(saveTimer);
  saveTimer = null;
  try {
    sessionStorage.setItem(storageKey, JSON.stringify(state));
  } catch {
    // Storage full or unavailable: the pipeline still works for this window's lifetime.
  }
}

/**
 * Saves at once, except for progress (up to ~30 events a second), whose copy in sessionStorage only needs to be
 * recent; a reload flushes it (pagehide).
 */
export function updateChatStage(change: (current: ChatStage) => ChatStage, options: { progress?: boolean } = {}): void {
  const next = change(state);
  if (next === state) return;
  state = next;
  if (!options.progress) save();
  else saveTimer ??= setTimeout(save, 400);
  for (const listener of listeners) listener();
}

export const getChatStage = (): ChatStage => state;

function ensureSubscribed(): void {
  if (subscribed) return;
  subscribed = true;
  api.subscribe('job.progress', (payload) => updateChatStage((current) => applyJobProgress(current, payload), { progress: true }));
  window.addEventListener('pagehide', () => {
    if (saveTimer !== null) save();
  });
  api.subscribe('job.finished', (payload) => {
    recentlyFinished.set(payload.jobId, payload);
    if (recentlyFinished.size > 20) recentlyFinished.delete(recentlyFinished.keys().next().value!);
    finish(payload);
  });
}

function finish(payload: JobFinished): void {
  const wasIdkSft = state.idkSft.jobId === payload.jobId && state.idkSft.status === 'running';
  updateChatStage((current) => applyJobFinished(current, payload));
  // Step 4 is "train, then look again": the comparison probe follows the IDK model on its own.
  if (wasIdkSft && state.idkSft.status === 'done') void startProbe('reprobe');
}

/** The pipeline, re-rendering on every change (job events included, even while the page was away). */
export function useChatStage(): ChatStage {
  ensureSubscribed();
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getChatStage,
  );
}

/** Records the started job, and its end if that came first. */
function started(step: JobStepId, jobId: string): void {
  updateChatStage((latest) => jobStepStarted(latest, step, jobId, Date.now()));
  const finished = recentlyFinished.get(jobId);
  if (finished) finish(finished);
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export interface SftOptions {
  readonly steps?: number;
  readonly learningRate?: number;
}

/** Step 1 (base → chat on the known people's questions) or step 4 (chat → chat+IDK on the built data). */
export async function startSft(step: 'sft' | 'idkSft', options: SftOptions): Promise<void> {
  ensureSubscribed();
  const current = state;
  if (blockReason(current, step) !== null || !current.base) return;
  const common = { worldDir: current.worldDir, ...(options.steps ? { steps: options.steps } : {}), ...(options.learningRate ? { learningRate: options.learningRate } : {}) };
  const input =
    step === 'sft'
      ? { ...common, modelPath: current.base.path, data: 'known-qa' as const, name: sftModelName(current, 'sft') }
      : { ...common, modelPath: current.chat!.path, data: 'idk' as const, idkDataPath: current.idkData.result!.sftPath, name: sftModelName(current, 'idkSft') };
  try {
    const { jobId } = await api.call('worldChat.sft', input);
    started(step, jobId);
  } catch (error) {
    updateChatStage((latest) => jobStepRefused(latest, step, messageOf(error)));
  }
}

/** Step 2 ([base, chat]) or the comparison after step 4 ([base, chat, chat+IDK]), on the same questions. */
export async function startProbe(step: 'probe' | 'reprobe'): Promise<void> {
  ensureSubscribed();
  const current = state;
  if (blockReason(current, step) !== null) return;
  try {
    const { jobId } = await api.call('worldChat.probe', { worldDir: current.worldDir, models: probeModels(current, step), perGroup: current.perGroup });
    started(step, jobId);
  } catch (error) {
    updateChatStage((latest) => jobStepRefused(latest, step, messageOf(error)));
  }
}

/** Step 3: "I don't know" SFT + DPO data from what the chat model got wrong or made up in step 2's probe. */
export async function buildIdkData(): Promise<void> {
  const current = state;
  if (blockReason(current, 'idkData') !== null) return;
  const report: WorldProbeReport = current.probe.result!;
  updateChatStage(idkDataStarted);
  try {
    const result = await api.call('worldChat.buildIdkData', { worldDir: current.worldDir, report, label: modelLabels.chat, name: `${current.chat!.name} I-don't-know` });
    updateChatStage((latest) => idkDataFinished(latest, { result }));
  } catch (error) {
    updateChatStage((latest) => idkDataFinished(latest, { error: messageOf(error) }));
  }
}

export async function cancelStep(step: JobStepId): Promise<void> {
  const jobId = state[step].jobId;
  if (jobId !== null && state[step].status === 'running') await api.call('jobs.cancel', { jobId });
}

/**
 * Squares the steps with the engine's job list after this window was away (reload, lost connection). A step whose
 * job finished meanwhile takes its result from jobs.get (the engine keeps results with the job row), exactly as if
 * job.finished had arrived; only what the engine cannot give back becomes 'lost'.
 */
export async function syncWithJobs(records: readonly JobRecord[], fetchedAt: number): Promise<void> {
  for (const record of records) {
    if (record.state !== 'done' || stepOfJob(state, record.id) === null) continue;
    try {
      const job = await api.call('jobs.get', { jobId: record.id });
      if (job.result !== null) finish({ jobId: job.id, kind: job.kind, state: 'done', result: job.result });
    } catch {
      // Not recoverable: reconcileWithJobs below marks the step lost.
    }
  }
  updateChatStage((current) => reconcileWithJobs(current, records, fetchedAt));
}
