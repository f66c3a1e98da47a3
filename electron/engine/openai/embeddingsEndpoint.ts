import { z } from 'zod';
import { resolveApiModel } from './modelIdResolver.ts';
import { sendOpenAiJson, type OpenAiCall, type OpenAiContext } from './openAiContext.ts';
import { badRequest } from './openAiError.ts';
import { embeddingRequestSchema } from './openAiRequestSchemas.ts';
import { parseOpenAiRequest, readOpenAiJson } from './parseOpenAiBody.ts';

const hostEmbedResultSchema = z.object({ vectors: z.array(z.array(z.number())), promptTokens: z.number().int() });

/**
 * POST /v1/embeddings: llama.cpp's embedding mode on the library model. Adapters are not applied (node-llama-cpp's
 * embedding contexts take none), so a model id with adapters is refused instead of answering for the base.
 */
export async function embeddingsEndpoint(context: OpenAiContext, { request, response, signal }: OpenAiCall): Promise<void> {
  const body = parseOpenAiRequest(embeddingRequestSchema, await readOpenAiJson(request));
  const model = await resolveApiModel(context.services.db, context.adapters, body.model);
  if (model.adapters.length > 0) throw badRequest('Embeddings with adapters are not supported; use the base model id', 'model', 'unsupported');
  if (body.dimensions != null) throw badRequest('dimensions is not supported: the vector has the model’s own size', 'dimensions', 'unsupported');
  const inputs = typeof body.input === 'string' ? [body.input] : body.input;
  const raw = await context.queue.run(model.entry.path, signal, () =>
    context.services.hosts.inference.request('openai.embed', { modelPath: model.entry.path, inputs }, { signal }),
  );
  const { vectors, promptTokens } = hostEmbedResultSchema.parse(raw);
  const encode = (vector: number[]): number[] | string =>
    body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
  sendOpenAiJson(response, {
    object: 'list',
    model: model.id,
    data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encode(vector) })),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}
