import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { RawWeightedSequence } from './nativeAddon.ts';
import type { WeightedBatch } from './nativeTrainerApi.ts';
import { targetCount, toRawSequences } from './trainingBatch.ts';

/**
 * Checks a weighted-token batch (weightedStep / computeWeightedGradients): the sequences as for trainStep, and one
 * finite Float32 weight per target token of each, so a caller's off-by-one in the target count fails here, naming
 * the sequence, instead of weighting the wrong tokens.
 */
export function toRawWeightedSequences(batch: WeightedBatch, contextLength: number): RawWeightedSequence[] {
  if (!batch || !Array.isArray(batch.sequences)) {
    throw new WorkbenchError('bad_input', 'A weighted batch needs a sequences array', { field: 'sequences' }, reason('field_invalid', { field: 'sequences' }));
  }
  const raw = toRawSequences(batch.sequences, contextLength, true);
  return batch.sequences.map((sequence, index) => {
    const field = `sequences[${index}].weights`;
    if (!(sequence.weights instanceof Float32Array)) {
      throw new WorkbenchError('bad_input', `${field} must be a Float32Array`, { field, sequence: index }, reason('field_invalid', { field }));
    }
    const targets = targetCount(sequence);
    if (sequence.weights.length !== targets) {
      throw new WorkbenchError('bad_input', `${field} has ${sequence.weights.length} entries for ${targets} target tokens`, { field, sequence: index }, reason('field_invalid', { field }));
    }
    const bad = sequence.weights.findIndex((w: number) => !Number.isFinite(w));
    if (bad >= 0) throw new WorkbenchError('bad_input', `${field}[${bad}] is not a finite number`, { field, sequence: index }, reason('field_invalid', { field }));
    return { ...raw[index]!, weights: sequence.weights };
  });
}
