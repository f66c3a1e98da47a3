import type { TFunction } from 'i18next';
import type { FormatCandidate } from '../../../../electron/shared/contract/datasets.ts';

type Translate = TFunction | ((key: string, params?: Record<string, unknown>) => string);

/**
 * Why a file was read as a format, in the interface's language, from the candidate's reason key and params (and
 * that a label marks each row, for KTO). Without a key (a newer engine's reason) the engine's English words are shown.
 */
export function detectionText(t: Translate, candidate: Pick<FormatCandidate, 'kind' | 'reason' | 'why'>): string {
  const translate = t as (key: string, params?: Record<string, unknown>) => string;
  if (!candidate.why) return candidate.reason;
  const reason = translate(`datasets:detectionReason.${candidate.why.key}`, { ...candidate.why.params, defaultValue: candidate.reason, interpolation: { escapeValue: false } });
  return candidate.kind === 'kto' ? `${reason}${translate('datasets:detectionKtoLabel')}` : reason;
}
