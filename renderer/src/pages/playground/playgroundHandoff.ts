import { adapterRefSchema, type AdapterRef } from '../../../../electron/shared/contract/generate.ts';

/**
 * Other pages open the playground on a model + adapters (Training's "open in playground"): the setup waits in
 * sessionStorage until the playground mounts, because the hash route carries no parameters.
 */
const storageKey = 'workbench.playground.handoff';
export type PlaygroundHandoff = { modelId: string | null; adapters: AdapterRef[] };

export function openInPlayground(handoff: PlaygroundHandoff): void {
  sessionStorage.setItem(storageKey, JSON.stringify(handoff));
  window.location.hash = '/playground';
}

/** The waiting setup, if any; left in place so a double render reads the same value (see clearPlaygroundHandoff). */
export function peekPlaygroundHandoff(): PlaygroundHandoff | null {
  const raw = sessionStorage.getItem(storageKey);
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as { modelId?: unknown; adapters?: unknown };
    const adapters = adapterRefSchema.array().safeParse(value.adapters);
    if (!adapters.success || (value.modelId !== null && typeof value.modelId !== 'string')) return null;
    return { modelId: value.modelId ?? null, adapters: adapters.data };
  } catch {
    return null;
  }
}

export function clearPlaygroundHandoff(): void {
  sessionStorage.removeItem(storageKey);
}
