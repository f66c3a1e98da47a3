import type { ModelDetails, ModelEntry } from '../../shared/contract/models.ts';
import type { GgufInspection, GgufMetadataSummaryValue } from '../gguf/ggufInspection.ts';

/** The model's page in the library: its entry plus every GGUF metadata key, long values shortened for display. */
export function describeModel(model: ModelEntry, inspection: GgufInspection): ModelDetails {
  return {
    model,
    ggufVersion: inspection.ggufVersion,
    tensorCount: inspection.tensorCount,
    vocabularySize: inspection.vocabSize,
    tokenizerModel: inspection.tokenizerModel,
    chatTemplate: inspection.chatTemplate ?? null,
    metadata: Object.entries(inspection.metadata).map(([key, value]) => ({ key, ...shown(value) })),
  };
}

function shown(value: GgufMetadataSummaryValue): { type: string; value: string } {
  if (typeof value === 'object') {
    return value.omitted === 'array'
      ? { type: `array of ${value.itemType ?? 'values'}`, value: `${value.length} items` }
      : { type: 'string', value: `${value.length} characters` };
  }
  return { type: typeof value, value: String(value) };
}
