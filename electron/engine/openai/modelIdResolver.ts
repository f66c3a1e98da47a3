import type { Database } from 'better-sqlite3';
import type { AdapterRef } from '../../shared/contract/generate.ts';
import type { ModelEntry } from '../../shared/contract/models.ts';
import { ModelLibrary } from '../models/modelLibrary.ts';
import type { AdapterLookup, ApiAdapter } from './adapterLookup.ts';
import { badRequest, OpenAiError } from './openAiError.ts';

export interface ApiModel {
  /** The id as the client sent it (echoed in responses). */
  readonly id: string;
  readonly entry: ModelEntry;
  readonly adapters: AdapterRef[];
}

/** `name@0.5`: an adapter with a scale; without `@` the scale is 1. */
const SCALED = /^(.*)@(-?\d+(?:\.\d+)?)$/;

const notFound = (message: string): OpenAiError => new OpenAiError(404, 'not_found_error', message, 'model', 'model_not_found');

/** A library model by id or name (any case). File paths are not accepted: API clients see only the library. */
export function findLibraryModel(library: ModelLibrary, ref: string): ModelEntry | null {
  const lower = ref.toLowerCase();
  return library.list().find((entry) => entry.id === ref || entry.name.toLowerCase() === lower) ?? null;
}

/**
 * Turns an OpenAI `model` string into a library model plus adapters: `tiny-chat`, `tiny-chat+my-sft`,
 * `tiny-chat+my-sft@0.5+style@-0.3`. A whole string that names a model wins over splitting at `+`, so a model
 * whose name contains `+` still works.
 */
export async function resolveApiModel(db: Database, lookup: AdapterLookup, id: string): Promise<ApiModel> {
  const library = new ModelLibrary(db);
  const whole = findLibraryModel(library, id);
  const [baseRef = '', ...adapterRefs] = whole ? [id] : id.split('+').map((part) => part.trim());
  const entry = whole ?? findLibraryModel(library, baseRef);
  if (!entry) throw notFound(`The model "${baseRef}" does not exist in the workbench library (GET /v1/models lists them)`);
  if (!entry.exists) throw notFound(`The model "${entry.name}" points at ${entry.path}, which no longer exists`);
  if (adapterRefs.length === 0) return { id, entry, adapters: [] };
  if (adapterRefs.length > 8) throw badRequest('At most 8 adapters can be combined in one model id', 'model');
  const known = await lookup();
  const adapters = adapterRefs.map((ref) => {
    const scaled = SCALED.exec(ref);
    const name = scaled ? scaled[1]! : ref;
    const scale = scaled ? Number(scaled[2]) : 1;
    if (!(scale >= -4 && scale <= 4)) throw badRequest(`Adapter scale ${scale} is outside -4…4`, 'model');
    const adapter = findAdapter(known, name);
    if (!adapter) throw notFound(`No adapter named "${name}" (GET /v1/models lists model+adapter ids)`);
    if (adapter.baseModelPath !== null && adapter.baseModelPath !== entry.path) {
      throw badRequest(`Adapter "${adapter.name}" was trained on ${adapter.baseModelPath}, not on "${entry.name}"`, 'model', 'adapter_mismatch');
    }
    return { adapter: adapter.path, scale };
  });
  return { id, entry, adapters };
}

function findAdapter(known: readonly ApiAdapter[], name: string): ApiAdapter | undefined {
  const lower = name.toLowerCase();
  return known.find((adapter) => adapter.id === name || adapter.name.toLowerCase() === lower);
}

/** Every id /v1/models offers: each library model, and each adapter joined to the model it belongs to. */
export async function listApiModelIds(db: Database, lookup: AdapterLookup): Promise<{ id: string; created: number }[]> {
  const models = new ModelLibrary(db).list().filter((entry) => entry.exists);
  const adapters = await lookup();
  const created = (entry: ModelEntry): number => Math.floor(Date.parse(entry.addedAt) / 1000) || 0;
  return models.flatMap((entry) => [
    { id: entry.name, created: created(entry) },
    ...adapters.filter((adapter) => adapter.baseModelPath === entry.path).map((adapter) => ({ id: `${entry.name}+${adapter.name}`, created: created(entry) })),
  ]);
}
