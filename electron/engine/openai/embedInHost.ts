import type { LlamaEmbeddingContext } from 'node-llama-cpp';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { contextSizeFor } from '../inference/host/contextSizeFor.ts';
import { hostModels, type HostModel } from '../inference/host/hostModels.ts';
import type { HostEmbedRequest } from '../inference/hostRequests.ts';


/** One embedding context per loaded model, made on first use (a model unloaded since gets a fresh one). */
interface EmbeddingContext {
  readonly context: LlamaEmbeddingContext;
  readonly size: number;
}
const contexts = new WeakMap<HostModel, Promise<EmbeddingContext>>();

async function embeddingContextFor(loaded: HostModel): Promise<EmbeddingContext> {
  let made = contexts.get(loaded);
  if (!made || (await made.catch(() => null))?.context.disposed) {
    const size = contextSizeFor(loaded.model, null, 1);
    made = loaded.model.createEmbeddingContext({ contextSize: size }).then((context) => ({ context, size }));
    contexts.set(loaded, made);
    made.catch(() => contexts.delete(loaded));
  }
  return await made;
}

/**
 * Embeddings through llama.cpp's embedding mode: the model's pooled (or, without a pooling head, last-token)
 * hidden state per input. Inputs are embedded one after another on one context.
 */
export async function embedInHost(request: HostEmbedRequest, signal: AbortSignal): Promise<{ vectors: number[][]; promptTokens: number }> {
  const { model: loaded } = await hostModels.ensure(request.modelPath);
  let embedding: EmbeddingContext;
  try {
    embedding = await embeddingContextFor(loaded);
  } catch (error) {
    throw new WorkbenchError('unsupported', `${request.modelPath} cannot produce embeddings: ${(error as Error).message}`, { field: 'model' });
  }
  const vectors: number[][] = [];
  let promptTokens = 0;
  for (const [index, input] of request.inputs.entries()) {
    signal.throwIfAborted();
    const tokens = loaded.model.tokenize(input, true);
    if (tokens.length > embedding.size) {
      throw new WorkbenchError('bad_input', `input ${index} has ${tokens.length} tokens; the embedding context holds ${embedding.size}`, {
        field: `input.${index}`,
      });
    }
    promptTokens += tokens.length;
    vectors.push([...(await embedding.context.getEmbeddingFor(tokens)).vector]);
  }
  return { vectors, promptTokens };
}
