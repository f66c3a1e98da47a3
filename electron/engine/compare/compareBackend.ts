import type { AdapterRef, GenerationRequestInput, GenerationResult, ScoreRequestInput, ScoreResult, StreamedToken } from '../../shared/contract/generate.ts';
import type { ModelDemand } from './planPlacement.ts';

/**
 * What compare needs from the rest of the engine: the playground's generation and scoring, the model library and
 * the inference host's memory estimates. A small interface so the orchestration is testable without models.
 */
export interface CompareBackend {
  /** A library id, name or GGUF path → the file; throws WorkbenchError('not_found') with field 'model'. */
  resolveModel(ref: string): { path: string; name: string };
  /** Adapter references → files; throws with field `adapters.N.adapter`. */
  resolveAdapters(adapters: readonly AdapterRef[]): string[];
  estimate(modelPath: string): Promise<ModelDemand['estimate']>;
  loadedModelPaths(): Promise<string[]>;
  unload(modelPath: string): Promise<void>;
  generate(request: GenerationRequestInput, options: { signal: AbortSignal; onToken: (token: StreamedToken) => void }): Promise<GenerationResult>;
  score(request: ScoreRequestInput, options: { signal?: AbortSignal }): Promise<ScoreResult>;
  /** Bytes of a model's token, for aligning tokenizations in the shift view. */
  tokenBytes(modelPath: string): (id: number, text: string) => Uint8Array;
}
