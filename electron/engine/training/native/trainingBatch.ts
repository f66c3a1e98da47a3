import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { TrainingBatch, TrainingSequence } from './nativeTrainerApi.ts';
import type { RawSequence } from './nativeAddon.ts';

/** Number of target tokens of a sequence: mask bits from position 1 on (token 0 has no context to predict it). */
export function targetCount(sequence: TrainingSequence): number {
  let count = 0;
  for (let i = 1; i < sequence.trainMask.length; i++) if (sequence.trainMask[i]) count++;
  return count;
}

/**
 * Checks the shape of the sequences (typed arrays, equal lengths, within the context) and, when `needTargets`,
 * that the mask covers at least one token: an all-zero mask is the silent failure where a run "trains" on nothing.
 */
export function toRawSequences(sequences: readonly TrainingSequence[], contextLength: number, needTargets: boolean): RawSequence[] {
  if (sequences.length === 0) throw new WorkbenchError('bad_input', 'The batch has no sequences', { field: 'sequences' }, reason('field_invalid', { field: 'sequences' }));
  let targets = 0;
  const raw = sequences.map((sequence, index) => {
    const field = `sequences[${index}]`;
    if (!(sequence.tokens instanceof Int32Array)) {
      throw new WorkbenchError('bad_input', `${field}.tokens must be an Int32Array`, { field: `${field}.tokens`, sequence: index }, reason('field_invalid', { field: `${field}.tokens` }));
    }
    if (!(sequence.trainMask instanceof Uint8Array)) {
      throw new WorkbenchError('bad_input', `${field}.trainMask must be a Uint8Array`, { field: `${field}.trainMask`, sequence: index }, reason('field_invalid', { field: `${field}.trainMask` }));
    }
    if (sequence.tokens.length === 0) throw new WorkbenchError('bad_input', `${field} has no tokens`, { field, sequence: index }, reason('field_invalid', { field }));
    if (sequence.trainMask.length !== sequence.tokens.length) {
      throw new WorkbenchError(
        'bad_input',
        `${field}.trainMask has ${sequence.trainMask.length} entries for ${sequence.tokens.length} tokens`,
        { field: `${field}.trainMask`, sequence: index },
        reason('field_invalid', { field: `${field}.trainMask` }),
      );
    }
    if (sequence.tokens.length > contextLength) {
      throw new WorkbenchError(
        'bad_input',
        `${field} has ${sequence.tokens.length} tokens, more than the context length ${contextLength}`,
        { field, sequence: index },
        reason('sequence_longer_than_context', { field, tokens: sequence.tokens.length, context: contextLength }),
      );
    }
    targets += targetCount(sequence);
    return { tokens: sequence.tokens, mask: sequence.trainMask };
  });
  if (needTargets && targets === 0) {
    throw new WorkbenchError(
      'bad_input',
      'The train mask covers zero tokens in this batch, so there is nothing to learn: check that the template marks the assistant turns as trainable',
      { field: 'sequences.trainMask' },
      reason('batch_trains_nothing', {}),
    );
  }
  return raw;
}

export function batchSequences(batch: TrainingBatch): readonly TrainingSequence[] {
  if (!batch || !Array.isArray(batch.sequences)) {
    throw new WorkbenchError('bad_input', 'A batch needs a sequences array', { field: 'sequences' }, reason('field_invalid', { field: 'sequences' }));
  }
  return batch.sequences;
}
