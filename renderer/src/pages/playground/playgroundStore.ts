import type { ChatMessage, ScoreResult } from '../../../../electron/shared/contract/generate.ts';
import { createSessionStore } from '../../app/sessionStore.ts';
import type { TokenSelection } from './OutputPanel.tsx';
import { defaultSettings, type PlaygroundSettings } from './playgroundSettings.ts';
import { clearPlaygroundHandoff, peekPlaygroundHandoff } from './playgroundHandoff.ts';

/**
 * What the Playground shows, kept while the app runs: leaving the page and coming back finds the same model,
 * mode, conversation, adapters, settings and output (the run itself is in useGenerationRun's store). The setup,
 * the conversation and the drafts also survive a reload of the window (sessionStorage); outputs do not — a run's
 * result stays in the history.
 */
export const playgroundSettings = createSessionStore<PlaygroundSettings>(defaultSettings, { persistAs: 'playground.settings' });
export const playgroundDraft = createSessionStore('', { persistAs: 'playground.draft' });
export const playgroundSelection = createSessionStore<TokenSelection | null>(null);
export const playgroundNotice = createSessionStore<string | null>(null);
export const playgroundScoreText = createSessionStore('', { persistAs: 'playground.scoreText' });
export const playgroundScoreResult = createSessionStore<ScoreResult | null>(null);
export const playgroundTab = createSessionStore<string>('sampler', { persistAs: 'playground.tab' });
/** The conversation a chat run answers, so its answer (or a regenerated / branched one) lands in the right place. */
export const answering: { current: ChatMessage[] } = { current: [] };

/**
 * Another page (Training's "open in playground") may have left a model + adapters to start with: they replace
 * the kept ones once. Reading twice (a double render) gives the same settings; clearing happens after mount.
 */
export function takePlaygroundHandoff(): void {
  const handoff = peekPlaygroundHandoff();
  if (handoff) playgroundSettings.set((current) => ({ ...current, ...handoff }));
}

export { clearPlaygroundHandoff };
