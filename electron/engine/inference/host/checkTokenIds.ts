import type { LlamaModel } from 'node-llama-cpp';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';

/** llama.cpp aborts the whole process on a token id outside the vocabulary, so ids from callers are checked first. */
export function checkTokenIds(model: LlamaModel, ids: readonly number[], field: string): void {
  const size = model.fileInfo.metadata.tokenizer.ggml.tokens.length;
  const index = ids.findIndex((id) => id >= size);
  if (index !== -1) {
    throw new WorkbenchError('bad_input', `${field}[${index}] is token ${ids[index]}, but the model's vocabulary has ${size} tokens`, {
      field: `${field}.${index}`,
      vocabularySize: size,
    }, reason('token_outside_vocabulary', { field, token: ids[index]!, vocabularySize: size }));
  }
}
