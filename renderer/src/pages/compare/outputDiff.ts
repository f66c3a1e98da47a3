import { diffWords } from 'diff';

export interface DiffPart {
  readonly kind: 'same' | 'removed' | 'added';
  readonly text: string;
}

/**
 * Word-level differences between two outputs. Chinese has no spaces between words, so words come from
 * Intl.Segmenter (dictionary-based for CJK) rather than from whitespace.
 */
export function outputDiff(left: string, right: string, locale = 'en'): DiffPart[] {
  const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(locale, { granularity: 'word' }) : undefined;
  const changes = diffWords(left, right, segmenter ? { intlSegmenter: segmenter } : {});
  return changes
    .filter((change) => change.value !== '')
    .map((change) => ({ kind: change.added ? 'added' : change.removed ? 'removed' : 'same', text: change.value }));
}
