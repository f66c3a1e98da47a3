import type { FewShotLanguage } from '../../../../electron/shared/contract/compare.ts';

/** What every column is asked, shared by the side-by-side, shift and blind views. */
export interface PromptSettings {
  readonly prompt: string;
  readonly system: string;
  readonly maxTokens: number;
  /** null: a random seed is drawn per run (and recorded). */
  readonly seed: number | null;
  readonly fewShotLanguage: FewShotLanguage;
}

export const defaultPromptSettings: PromptSettings = { prompt: '', system: '', maxTokens: 128, seed: null, fewShotLanguage: 'auto' };

/** Ctrl+Enter (⌘+Enter on a Mac) runs the view's main action from anywhere inside it. */
export const isRunShortcut = (event: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean => event.key === 'Enter' && (event.ctrlKey || event.metaKey);
