import { z } from 'zod';
import type { JobFinished, JobProgress, JobRecord } from '../../../../electron/shared/contract/jobs.ts';
import {
  idkDataSchema,
  worldProbeProgressSchema,
  worldProbeReportSchema,
  worldSftProgressSchema,
  worldSftResultSchema,
} from '../../../../electron/shared/contract/worldChat.ts';

/**
 * The "make it a chat model" pipeline as plain data: which model each stage produced, and where each step stands.
 * Everything here is pure (no engine calls, no React) so the page can keep it outside the component tree and a
 * unit test can drive it with the same job events the engine sends.
 *
 *   sft (base → chat) → probe [base, chat] → idkData → idkSft (chat → chat+IDK) → reprobe [base, chat, chat+IDK]
 */

export const chatStepIds = ['sft', 'probe', 'idkData', 'idkSft', 'reprobe'] as const;
export type ChatStepId = (typeof chatStepIds)[number];
export type JobStepId = Exclude<ChatStepId, 'idkData'>;
const jobStepIds: readonly JobStepId[] = ['sft', 'probe', 'idkSft', 'reprobe'];

/** Labels of the probed models: the same words in the chart, the table and buildIdkData's `label`. */
export const modelLabels = { base: 'base', chat: 'chat', idk: 'chat+IDK' } as const;

/** At most this many loss points per SFT run; the sparkline needs no more. */
export const maxLossPoints = 400;

const modelChoiceSchema = z.object({ path: z.string(), name: z.string() });
export type ModelChoice = z.infer<typeof modelChoiceSchema>;

/**
 * 'lost': the job ended while no page was listening (window reloaded, engine restarted), so its result is gone;
 * the step has to be run again.
 */
const stepStatusSchema = z.enum(['idle', 'running', 'done', 'failed', 'cancelled', 'lost']);
export type StepStatus = z.infer<typeof stepStatusSchema>;

const lossPointSchema = z.object({ step: z.number(), loss: z.number() });
export type LossPoint = z.infer<typeof lossPointSchema>;

const sftStepSchema = z.object({
  status: stepStatusSchema,
  jobId: z.string().nullable(),
  /** When the job was started (ms since the epoch): a job list fetched before that cannot know it. */
  startedAt: z.number().nullable(),
  fraction: z.number().nullable(),
  totalSteps: z.number().nullable(),
  /** The newest step, for the live "step n / N · loss" line (the chart keeps a thinned copy). */
  last: lossPointSchema.nullable(),
  points: z.array(lossPointSchema),
  result: worldSftResultSchema.nullable(),
  error: z.string().nullable(),
});
export type SftStep = z.infer<typeof sftStepSchema>;

const probeStepSchema = z.object({
  status: stepStatusSchema,
  jobId: z.string().nullable(),
  startedAt: z.number().nullable(),
  fraction: z.number().nullable(),
  progress: worldProbeProgressSchema.nullable(),
  result: worldProbeReportSchema.nullable(),
  error: z.string().nullable(),
});
export type ProbeStep = z.infer<typeof probeStepSchema>;

const idkDataStepSchema = z.object({
  status: z.enum(['idle', 'running', 'done', 'failed']),
  result: idkDataSchema.nullable(),
  error: z.string().nullable(),
});
export type IdkDataStep = z.infer<typeof idkDataStepSchema>;

export const chatStageSchema = z.object({
  version: z.literal(1),
  worldDir: z.string(),
  base: modelChoiceSchema.nullable(),
  /** The chat model: step 1's result, or one the user already had. */
  chat: modelChoiceSchema.nullable(),
  perGroup: z.number().int().min(1).max(500),
  sft: sftStepSchema,
  probe: probeStepSchema,
  idkData: idkDataStepSchema,
  idkSft: sftStepSchema,
  reprobe: probeStepSchema,
});
export type ChatStage = z.infer<typeof chatStageSchema>;

const idleSft = (): SftStep => ({ status: 'idle', jobId: null, startedAt: null, fraction: null, totalSteps: null, last: null, points: [], result: null, error: null });
const idleProbe = (): ProbeStep => ({ status: 'idle', jobId: null, startedAt: null, fraction: null, progress: null, result: null, error: null });
const idleIdkData = (): IdkDataStep => ({ status: 'idle', result: null, error: null });

export function initialChatStage(): ChatStage {
  return { version: 1, worldDir: '', base: null, chat: null, perGroup: 20, sft: idleSft(), probe: idleProbe(), idkData: idleIdkData(), idkSft: idleSft(), reprobe: idleProbe() };
}

/** Everything after `step` is built on its output, so it is cleared when `step` starts again. */
function resetAfter(state: ChatStage, step: ChatStepId): ChatStage {
  const from = chatStepIds.indexOf(step) + 1;
  const next = { ...state };
  for (const id of chatStepIds.slice(from)) {
    if (id === 'idkData') next.idkData = idleIdkData();
    else if (id === 'probe' || id === 'reprobe') next[id] = idleProbe();
    else next[id] = idleSft();
  }
  return next;
}

const sameModel = (a: ModelChoice | null, b: ModelChoice | null): boolean => a?.path === b?.path;

/** A new world or base model: every step starts over (a chat model of another base means nothing here). */
export function setSource(state: ChatStage, source: { worldDir: string; base: ModelChoice | null }): ChatStage {
  if (state.worldDir === source.worldDir && sameModel(state.base, source.base)) return state;
  return { ...initialChatStage(), perGroup: state.perGroup, worldDir: source.worldDir, base: source.base };
}

/** Step 1 skipped: a chat model trained earlier on the same world. */
export function adoptExistingChat(state: ChatStage, chat: ModelChoice): ChatStage {
  return { ...resetAfter(state, 'sft'), sft: idleSft(), chat };
}

export function setPerGroup(state: ChatStage, perGroup: number): ChatStage {
  return state.perGroup === perGroup ? state : { ...state, perGroup };
}

export function jobStepStarted(state: ChatStage, step: JobStepId, jobId: string, now: number): ChatStage {
  const next = resetAfter(state, step);
  const running = { status: 'running' as const, jobId, startedAt: now };
  if (step === 'sft') return { ...next, chat: null, sft: { ...idleSft(), ...running } };
  if (step === 'idkSft') return { ...next, idkSft: { ...idleSft(), ...running } };
  return { ...next, [step]: { ...idleProbe(), ...running } };
}

/** The engine refused to start the job (bad input, missing file): the step shows why. */
export function jobStepRefused(state: ChatStage, step: JobStepId, message: string): ChatStage {
  const next = resetAfter(state, step);
  if (step === 'sft' || step === 'idkSft') return { ...next, ...(step === 'sft' ? { chat: null } : {}), [step]: { ...idleSft(), status: 'failed', error: message } };
  return { ...next, [step]: { ...idleProbe(), status: 'failed', error: message } };
}

export function idkDataStarted(state: ChatStage): ChatStage {
  return { ...resetAfter(state, 'idkData'), idkData: { status: 'running', result: null, error: null } };
}

export function idkDataFinished(state: ChatStage, outcome: { result: z.input<typeof idkDataSchema> } | { error: string }): ChatStage {
  if ('error' in outcome) return { ...state, idkData: { status: 'failed', result: null, error: outcome.error } };
  return { ...state, idkData: { status: 'done', result: idkDataSchema.parse(outcome.result), error: null } };
}

/** The step whose running job this is, if any. */
export function stepOfJob(state: ChatStage, jobId: string): JobStepId | null {
  return jobStepIds.find((step) => state[step].jobId === jobId && state[step].status === 'running') ?? null;
}

/** Keeps every k-th point so a long run stays at about `maxLossPoints`; the first and the last step always stay. */
export function appendLossPoints(points: readonly LossPoint[], added: readonly LossPoint[], totalSteps: number): LossPoint[] {
  const every = Math.max(1, Math.ceil(totalSteps / maxLossPoints));
  return [...points, ...added.filter((point) => point.step === 1 || point.step % every === 0 || point.step === totalSteps)];
}

/** job.progress data may be one item or a batch. */
const progressItems = (data: unknown): unknown[] => (Array.isArray(data) ? data : [data]);

export function applyJobProgress(state: ChatStage, payload: JobProgress): ChatStage {
  const step = stepOfJob(state, payload.jobId);
  if (step === null) return state;
  if (step === 'sft' || step === 'idkSft') {
    const current = state[step];
    const steps = progressItems(payload.data).flatMap((item) => {
      const parsed = worldSftProgressSchema.safeParse(item);
      return parsed.success ? [parsed.data] : [];
    });
    const totalSteps = steps.at(-1)?.totalSteps ?? current.totalSteps;
    const added = steps.map(({ step: at, loss }) => ({ step: at, loss }));
    const points = added.length > 0 && totalSteps !== null ? appendLossPoints(current.points, added, totalSteps) : current.points;
    return { ...state, [step]: { ...current, fraction: payload.fraction ?? current.fraction, totalSteps, last: added.at(-1) ?? current.last, points } };
  }
  const current = state[step];
  const latest = progressItems(payload.data)
    .map((item) => worldProbeProgressSchema.safeParse(item))
    .filter((parsed) => parsed.success)
    .at(-1);
  return { ...state, [step]: { ...current, fraction: payload.fraction ?? current.fraction, progress: latest?.data ?? current.progress } };
}

/** The library name an SFT step asks for: the model it starts from, plus what the step taught. */
export function sftModelName(state: ChatStage, step: 'sft' | 'idkSft'): string {
  return step === 'sft' ? `${state.base?.name ?? 'base'} · chat` : `${state.chat?.name ?? 'chat'} · IDK`;
}

export function applyJobFinished(state: ChatStage, payload: JobFinished): ChatStage {
  const step = stepOfJob(state, payload.jobId);
  if (step === null) return state;
  if (payload.state !== 'done') {
    const status = payload.state === 'cancelled' ? 'cancelled' : 'failed';
    return { ...state, [step]: { ...state[step], status, error: payload.error?.message ?? null } };
  }
  if (step === 'sft' || step === 'idkSft') {
    const parsed = worldSftResultSchema.safeParse(payload.result);
    if (!parsed.success) return { ...state, [step]: { ...state[step], status: 'failed', error: `Unexpected result: ${parsed.error.message}` } };
    const finished = { ...state, [step]: { ...state[step], status: 'done' as const, fraction: 1, result: parsed.data } };
    return step === 'sft' ? { ...finished, chat: { path: parsed.data.outPath, name: sftModelName(state, 'sft') } } : finished;
  }
  const parsed = worldProbeReportSchema.safeParse(payload.result);
  if (!parsed.success) return { ...state, [step]: { ...state[step], status: 'failed', error: `Unexpected result: ${parsed.error.message}` } };
  return { ...state, [step]: { ...state[step], status: 'done', fraction: 1, result: parsed.data } };
}

/**
 * Squares the steps with the engine's job list: a job that failed or was cancelled while nobody listened takes
 * that state (with its error); one that finished without us seeing its result (and whose result jobs.get could not
 * give back: see syncWithJobs), or that the engine no longer knows, is 'lost'. A job that ended in the last `graceMs` is left alone: its job.finished may still be on the way.
 * `fetchedAt` is when the list was fetched: a step started after (or just before) that may not be in it yet.
 */
export function reconcileWithJobs(state: ChatStage, records: readonly JobRecord[], fetchedAt: number, graceMs = 3000): ChatStage {
  let next = state;
  for (const step of jobStepIds) {
    const current = next[step];
    if (current.status !== 'running' || current.jobId === null) continue;
    if (current.startedAt !== null && fetchedAt - current.startedAt < graceMs) continue;
    const record = records.find((entry) => entry.id === current.jobId);
    if (record && (record.state === 'running' || record.state === 'queued')) continue;
    if (record?.finishedAt && fetchedAt - Date.parse(record.finishedAt) < graceMs) continue;
    const status: StepStatus = record?.state === 'failed' ? 'failed' : record?.state === 'cancelled' ? 'cancelled' : 'lost';
    next = { ...next, [step]: { ...current, status, error: record?.error?.message ?? null } };
  }
  return next;
}

export const isRunning = (state: ChatStage): boolean => jobStepIds.some((step) => state[step].status === 'running') || state.idkData.status === 'running';

/** The model labelled `chat+IDK`: what step 4 wrote. */
export function idkChatModel(state: ChatStage): ModelChoice | null {
  const result = state.idkSft.result;
  return result ? { path: result.outPath, name: sftModelName(state, 'idkSft') } : null;
}

/** The models a probe step asks, in chart order. */
export function probeModels(state: ChatStage, step: 'probe' | 'reprobe'): { label: string; modelPath: string }[] {
  const idk = idkChatModel(state);
  const models: [string, ModelChoice | null][] = [
    [modelLabels.base, state.base],
    [modelLabels.chat, state.chat],
    ...(step === 'reprobe' ? ([[modelLabels.idk, idk]] as [string, ModelChoice | null][]) : []),
  ];
  return models.flatMap(([label, model]) => (model ? [{ label, modelPath: model.path }] : []));
}

/** Why a step cannot start now (an i18n key under chat.blocked), or null when it can. */
export type BlockReason = 'needSource' | 'busy' | 'needChat' | 'needProbe' | 'needIdkData' | 'needIdkModel';

export function blockReason(state: ChatStage, step: ChatStepId): BlockReason | null {
  if (!state.worldDir || !state.base) return 'needSource';
  if (isRunning(state)) return 'busy';
  if (step === 'sft') return null;
  if (!state.chat) return 'needChat';
  if (step === 'probe') return null;
  if (state.probe.status !== 'done' || !state.probe.result?.models.some((model) => model.label === modelLabels.chat)) return 'needProbe';
  if (step === 'idkData') return null;
  if (state.idkData.status !== 'done') return 'needIdkData';
  if (step === 'idkSft') return null;
  return state.idkSft.status === 'done' ? null : 'needIdkModel';
}

/** Reads a saved pipeline back; anything unreadable (an older shape, a hand-edited value) starts fresh. */
export function parseSavedChatStage(raw: string | null): ChatStage | null {
  if (raw === null) return null;
  try {
    const parsed = chatStageSchema.safeParse(JSON.parse(raw));
    if (!parsed.success) return null;
    // buildIdkData is a plain call, not a job: one cut off by a reload is simply not done.
    return parsed.data.idkData.status === 'running' ? { ...parsed.data, idkData: idleIdkData() } : parsed.data;
  } catch {
    return null;
  }
}
