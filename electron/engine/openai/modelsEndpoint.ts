import { listApiModelIds, resolveApiModel } from './modelIdResolver.ts';
import { sendOpenAiJson, type OpenAiCall, type OpenAiContext } from './openAiContext.ts';

const modelObject = (id: string, created: number): unknown => ({ id, object: 'model', created, owned_by: 'workbench' });

/** GET /v1/models: library models, and model+adapter ids for adapters known to belong to them. */
export async function listModelsEndpoint(context: OpenAiContext, { response }: OpenAiCall): Promise<void> {
  const ids = await listApiModelIds(context.services.db, context.adapters);
  sendOpenAiJson(response, { object: 'list', data: ids.map((entry) => modelObject(entry.id, entry.created)) });
}

/** GET /v1/models/{id}: 404 in OpenAI's shape for an id that does not resolve. */
export async function getModelEndpoint(context: OpenAiContext, { response }: OpenAiCall, id: string): Promise<void> {
  const model = await resolveApiModel(context.services.db, context.adapters, id);
  sendOpenAiJson(response, modelObject(model.id, Math.floor(Date.parse(model.entry.addedAt) / 1000) || 0));
}
