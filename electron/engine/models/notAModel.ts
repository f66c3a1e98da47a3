import type { ScanSkipReason } from '../../shared/contract/models.ts';
import type { GgufInspection } from '../gguf/ggufInspection.ts';

/** general.type the trainer writes into its checkpoints' state.gguf (native/src/trainer_session_files.cpp). */
const trainingStateType = 'workbench-training-state';

/**
 * Why a readable GGUF file is not a model the library can load, or null when it is one. A folder of training runs
 * holds checkpoints (state.gguf) and adapters next to each other; llama.cpp would fail on each of them, so the
 * library says what they are instead of adding them. Codes, not sentences: the UI words them in each language.
 */
export function notAModel(inspection: GgufInspection): { reason: ScanSkipReason; detail: string | null } | null {
  if (inspection.kind === 'adapter') return { reason: 'adapter', detail: null };
  if (inspection.kind === trainingStateType) return { reason: 'training-state', detail: null };
  if (inspection.kind !== 'model') return { reason: 'other-type', detail: inspection.kind };
  if (inspection.tensorCount === 0) return { reason: 'vocab-only', detail: null };
  if (inspection.architecture === null) return { reason: 'no-architecture', detail: null };
  return null;
}
