import type { TFunction } from 'i18next';
import { suiteValueProblems, type SuiteError } from '../../../../electron/shared/contract/hallucination.ts';

const lineCodes = new Set<string>(['empty_file', 'binary_file', 'bad_json', 'not_object', 'missing_field', 'unknown_field', 'duplicate_id']);

/**
 * One problem of a suite file in the interface's language, built from its code and fields (the engine's English
 * sentence is kept only for a code or value problem this renderer does not know). A JSON syntax error keeps the
 * parser's own words after the sentence, as a compiler's would be: they point at the character.
 */
export function suiteErrorText(t: TFunction, error: SuiteError): string {
  const common = { field: error.path, interpolation: { escapeValue: false } };
  if (error.code === 'invalid_value') {
    const problem = error.problem;
    if (!problem || !(suiteValueProblems as readonly string[]).includes(problem)) return error.message;
    return t(`hallucination:suite.invalid.${problem}`, { ...common, expected: error.expected ?? '', limit: error.limit ?? '', options: (error.options ?? []).join(', ') });
  }
  if (!lineCodes.has(error.code)) return error.message;
  const sentence = t(`hallucination:suite.error.${error.code}`, { ...common, id: error.id ?? '', firstLine: error.firstLine ?? '' });
  return error.code === 'bad_json' ? `${sentence} (${error.message.replace(/^not valid JSON: /u, '')})` : sentence;
}
