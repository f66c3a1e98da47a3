import type { TFunction } from 'i18next';
import type { TrainingEstimate } from '../../../../electron/shared/contract/training.ts';

type SkippedRow = TrainingEstimate['skipped'][number];
import { formatBytes } from '../../app/formatBytes.ts';

/**
 * The estimate's conclusion in the interface's language, from its code and the numbers beside it: memory needed and
 * free (on which device), rows longer than the context and what happens to them, and a context longer than the
 * model's own. An unsupported model says why in the badge instead, so it gets no line here.
 */
export function verdictLines(t: TFunction, estimate: TrainingEstimate): string[] {
  const options = { interpolation: { escapeValue: false } };
  const lines: string[] = [];
  switch (estimate.verdictCode) {
    case 'unsupported':
      return [];
    case 'too_big': {
      const onGpu = !estimate.backend.startsWith('CPU');
      lines.push(t(`training:estimate.verdict.${onGpu ? 'too_big_gpu' : 'too_big'}`, { ...options, need: formatBytes(estimate.memoryBytes), free: formatBytes(estimate.freeMemoryBytes), device: estimate.backend }));
      break;
    }
    case 'ready':
    case 'ready_skipping':
    case 'ready_truncating':
      lines.push(t(`training:estimate.verdict.${estimate.verdictCode}`, { ...options, long: estimate.longRows.longerThanContext, kept: estimate.longRows.keptByTruncate }));
      break;
  }
  const context = estimate.resolved.contextLength;
  if (estimate.modelContextLength !== null && context > estimate.modelContextLength) {
    lines.push(t('training:estimate.verdict.beyond_model', { ...options, length: context, modelContext: estimate.modelContextLength }));
  }
  return lines;
}

/** A skipped row: its number and why, from the token count and the context (the English reason for older runs). */
export function skippedRowText(t: TFunction, skip: SkippedRow): string {
  const options = { interpolation: { escapeValue: false } };
  const why = skip.tokens !== undefined && skip.contextLength !== undefined ? t('training:estimate.longerThanContext', { ...options, tokens: skip.tokens, length: skip.contextLength }) : skip.reason;
  return skip.rowId === null ? why : t('training:estimate.skippedRow', { ...options, row: skip.rowId, reason: why });
}
