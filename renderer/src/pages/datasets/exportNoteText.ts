import type { TFunction } from 'i18next';
import type { ExportNote } from '../../../../electron/shared/contract/datasets.ts';

type Translate = TFunction | ((key: string, params?: Record<string, unknown>) => string);

/**
 * An export's notes in the interface's language: what was lost on the rows written, and how many rows were left out
 * and why. Without keys (a newer engine's notes) the engine's English notes are shown as they are.
 */
export function exportNoteTexts(t: Translate, result: { readonly notes: readonly string[]; readonly noteKeys?: readonly ExportNote[] | undefined }): string[] {
  const translate = t as (key: string, params?: Record<string, unknown>) => string;
  if (!result.noteKeys) return [...result.notes];
  return result.noteKeys.map(({ key, rows }) => {
    const why = translate(`datasets:exportNote.${key}`);
    return rows === null ? why : translate('datasets:exportSkipped', { count: rows, why, interpolation: { escapeValue: false } });
  });
}
