import type { z } from 'zod';
import { reason, type ErrorReason } from '../shared/contract/errorReasons.ts';

/**
 * A schema's complaint about one field as a reason the UI can say in its own language: a missing value, a number
 * out of range (with the bound), a value outside a list (with the list); anything else names the field alone.
 * Zod's own message is English, so it stays in the engine's message only.
 */
export function fieldIssueReason(issue: z.core.$ZodIssue | undefined, field = issue?.path.join('.') ?? ''): ErrorReason {
  if (!issue) return reason('field_invalid', { field });
  const bound = (value: number | bigint): number => Number(value);
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.endsWith('received undefined') ? reason('field_required', { field }) : reason('field_invalid', { field });
    case 'too_small':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive === false ? reason('field_must_exceed', { field, minimum: bound(issue.minimum) }) : reason('field_too_small', { field, minimum: bound(issue.minimum) });
      }
      return bound(issue.minimum) <= 1 ? reason('field_required', { field }) : reason('field_too_short', { field, minimum: bound(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
        return issue.inclusive === false ? reason('field_must_be_below', { field, maximum: bound(issue.maximum) }) : reason('field_too_large', { field, maximum: bound(issue.maximum) });
      }
      return reason('field_too_long', { field, maximum: bound(issue.maximum) });
    case 'invalid_value':
      return reason('field_one_of', { field, values: issue.values.map(String).join(', ') });
    default:
      return reason('field_invalid', { field });
  }
}

/** The same, for a field of one file (a manifest, a config), or of one line of it (a JSONL file). */
export function fileIssueReason(file: string, issue: z.core.$ZodIssue | undefined, line?: number): ErrorReason {
  const field = issue?.path.join('.') || 'file';
  return line === undefined ? reason('file_field_invalid', { file, field }) : reason('line_field_invalid', { file, line, field });
}
