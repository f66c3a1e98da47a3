import type { CompareMode, ContenderInput, SamplingPreset } from '../../../../electron/shared/contract/compare.ts';
import type { AdapterRef } from '../../../../electron/shared/contract/generate.ts';

/** A column being set up: the model may still be unpicked. */
export interface ContenderDraft {
  readonly id: string;
  readonly model: string | null;
  readonly adapters: readonly AdapterRef[];
  readonly mode: CompareMode;
  readonly preset: SamplingPreset;
  readonly label: string;
}

let nextId = 0;

export function newContender(fields: Partial<Omit<ContenderDraft, 'id'>> = {}): ContenderDraft {
  nextId += 1;
  return { id: `contender-${nextId}`, model: null, adapters: [], mode: 'raw', preset: 'balanced', label: '', ...fields };
}

/** The contenders that can run (a model picked), as the engine takes them. */
export function readyContenders(drafts: readonly ContenderDraft[]): ContenderInput[] {
  return drafts.flatMap((draft) =>
    draft.model === null ? [] : [{ model: draft.model, adapters: [...draft.adapters], mode: draft.mode, preset: draft.preset, label: draft.label.trim() }],
  );
}
