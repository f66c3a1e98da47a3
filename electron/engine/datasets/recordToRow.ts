import { problemReason, valueTypeOf } from '../../shared/contract/datasetProblemReasons.ts';
import { fromAlpaca } from './fromAlpaca.ts';
import { fromOpenAi, fromShareGpt } from './fromShareGpt.ts';
import { fromText } from './fromText.ts';
import { mediaProblems } from './mediaFields.ts';
import { fillPlaceholders } from './placeholders.ts';
import { fromTrl } from './fromTrl.ts';
import { roleResolver, type RoleResolver } from './roleNames.ts';
import { describeType, emptyPaths, isPlainObject, type ConvertContext, type ConvertedRecord, type RowPlan } from './rowConversion.ts';

/** Reads records of one plan; the role resolver is built once per file. */
export function recordReader(plan: RowPlan): (value: unknown, base: string) => ConvertedRecord {
  const role: RoleResolver = roleResolver(plan.tags, plan.roles);
  return (value, base) => {
    const context: ConvertContext = { plan, role, problems: [] };
    if (plan.format === 'text') return withPlaceholders(fromText(value, base, context), plan);
    if (!isPlainObject(value)) {
      const fields = expectedKeys(plan);
      context.problems.push({
        path: base,
        code: 'not_an_object',
        message: `Expected an object with ${fields.slice(0, -1).join(', ')}${fields.length > 1 ? ' and ' : ''}${fields.at(-1) ?? ''}, found ${describeType(value)}`,
        reason: problemReason('record_not_object', { fields: fields.join(', '), found: valueTypeOf(value) }),
      });
      return { row: null, paths: emptyPaths(base), problems: context.problems };
    }
    const converted = fromFormat(value, base, context);
    const media = mediaProblems(value, base, plan, converted);
    return media.length === 0 ? withPlaceholders(converted, plan) : { row: null, paths: converted.paths, problems: [...converted.problems, ...media] };
  };
}

/** Fills the placeholders the user gave values for and notes the names found. */
function withPlaceholders(converted: ConvertedRecord, plan: RowPlan): ConvertedRecord {
  if (!converted.row) return converted;
  const filled = fillPlaceholders(converted.row, plan.placeholders ?? {});
  if (filled.found.length === 0) return converted;
  return { ...converted, row: filled.row, placeholders: { found: filled.found, unfilled: filled.unfilled } };
}

function fromFormat(value: Readonly<Record<string, unknown>>, base: string, context: ConvertContext): ConvertedRecord {
  switch (context.plan.format) {
    case 'alpaca':
      return fromAlpaca(value, base, context);
    case 'sharegpt':
      return fromShareGpt(value, base, context);
    case 'openai':
      return fromOpenAi(value, base, context);
    case 'trl-standard':
    case 'trl-conversational':
    case 'trl-implicit':
      return fromTrl(value, base, context);
    case 'text':
      return fromText(value, base, context);
  }
}

/** The fields a record of the plan's format needs, quoted. */
function expectedKeys(plan: RowPlan): string[] {
  const c = plan.columns;
  const quoted = (...keys: string[]): string[] => keys.map((key) => `"${key}"`);
  switch (plan.format) {
    case 'alpaca':
      return plan.kind === 'preference' ? quoted(c.prompt ?? 'instruction', c.chosen ?? 'chosen', c.rejected ?? 'rejected') : quoted(c.prompt ?? 'instruction', c.response ?? 'output');
    case 'sharegpt':
      return quoted(c.messages ?? 'conversations');
    case 'openai':
      return quoted(c.messages ?? 'messages');
    case 'text':
      return quoted(c.text ?? 'text');
    default:
      return quoted(c.chosen ?? 'chosen', c.rejected ?? 'rejected');
  }
}
