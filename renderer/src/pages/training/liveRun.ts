import {
  trainingProgressSchema,
  type TrainingMetricPoint,
  type TrainingProgress,
  type TrainingRunDetail,
  type TrainingDeviceReport,
  type TrainingSample,
  type TrainingStage,
} from '../../../../electron/shared/contract/training.ts';

/** What the dashboard shows of one run: the stored detail plus what arrived live since it was fetched. */
export interface LiveRunView {
  runId: string;
  metrics: TrainingMetricPoint[];
  samples: TrainingSample[];
  totalSteps: number;
  etaSeconds: number | null;
  /** What the run is doing (loading the model, DPO reference pass …) as the engine's stage code, cleared once steps arrive. */
  status: TrainingStage | null;
  /** Set when a checkpoint or sample arrived: the stored run has news worth a refetch. */
  lastCheckpointStep: number | null;
  /** Where the steps run (device, memory, graph splits, ops on the CPU), as the trainer last reported it. */
  device?: TrainingDeviceReport | null;
}

export function viewFromDetail(detail: TrainingRunDetail): LiveRunView {
  return {
    runId: detail.id,
    metrics: detail.metrics,
    samples: detail.samples,
    totalSteps: detail.totalSteps,
    etaSeconds: null,
    status: null,
    lastCheckpointStep: detail.checkpoints.at(-1)?.step ?? null,
    device: null,
  };
}

/**
 * Appends one point. A point at or before the last stored step means the run went back to a checkpoint
 * (resume after a pause or crash): the points after it are replaced, so the curve never doubles back.
 */
export function mergePoint(points: readonly TrainingMetricPoint[], point: TrainingMetricPoint): TrainingMetricPoint[] {
  const last = points.at(-1);
  if (!last || point.step > last.step) return [...points, point];
  return [...points.filter((existing) => existing.step < point.step), point];
}

/** One sample per (step, prompt): a repeated checkpoint after a resume replaces the earlier answer. */
export function mergeSample(samples: readonly TrainingSample[], sample: TrainingSample): TrainingSample[] {
  return [...samples.filter((existing) => existing.step !== sample.step || existing.prompt !== sample.prompt), sample];
}

/** Folds one progress item into the view; items of other runs are ignored. */
export function applyProgress(view: LiveRunView, progress: TrainingProgress): LiveRunView {
  if (progress.runId !== view.runId) return view;
  switch (progress.type) {
    case 'status':
      return { ...view, status: progress.stage };
    case 'step':
      return { ...view, metrics: mergePoint(view.metrics, progress.point), totalSteps: progress.totalSteps, etaSeconds: progress.etaSeconds, status: null };
    case 'sample':
      return { ...view, samples: mergeSample(view.samples, progress.sample) };
    case 'checkpoint':
      return { ...view, lastCheckpointStep: progress.step };
    case 'device':
      return { ...view, device: progress.device };
  }
}

/** job.progress data may be one item or a batch; anything that is not training progress is skipped. */
export function parseProgressData(data: unknown): TrainingProgress[] {
  const items = Array.isArray(data) ? data : [data];
  const parsed: TrainingProgress[] = [];
  for (const item of items) {
    const result = trainingProgressSchema.safeParse(item);
    if (result.success) parsed.push(result.data);
  }
  return parsed;
}
