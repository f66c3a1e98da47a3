import { problemReason, valueTypeOf } from '../../shared/contract/datasetProblemReasons.ts';
import { readTextField } from './messageFields.ts';
import { keyPath } from './jsonPath.ts';
import { describeType, emptyPaths, isPlainObject, type ConvertContext, type ConvertedRecord } from './rowConversion.ts';

/** Pretraining text: a bare string (a line of a .txt file, an item of a JSON array) or an object's text column. */
export function fromText(value: unknown, base: string, context: ConvertContext): ConvertedRecord {
  const problems = context.problems;
  if (typeof value === 'string') return { row: { kind: 'text', text: value }, paths: { ...emptyPaths(base), textField: base }, problems };
  if (!isPlainObject(value)) {
    const key = context.plan.columns.text ?? 'text';
    problems.push({
      path: base,
      code: 'not_an_object',
      message: `Expected text or an object with a "${key}" field, found ${describeType(value)}`,
      reason: problemReason('text_record_not_object', { field: key, found: valueTypeOf(value) }),
    });
    return { row: null, paths: emptyPaths(base), problems };
  }
  const key = context.plan.columns.text ?? 'text';
  const path = keyPath(base, key);
  const text = readTextField(value, key, path, context);
  if (text === undefined) problems.push({ path, code: 'missing_field', message: `No "${key}" (the document text)`, reason: problemReason('missing_text', { field: key }) });
  return { row: typeof text === 'string' ? { kind: 'text', text } : null, paths: { ...emptyPaths(base), textField: path }, problems };
}
