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
      context.problems.push({ path: base, code: 'not_an_object', message: `Expected an object with ${expectedKeys(plan)}, found ${describeType(value)}` });
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

function expectedKeys(plan: RowPlan): string {
  const c = plan.columns;
  switch (plan.format) {
    case 'alpaca':
      return plan.kind === 'preference' ? `"${c.prompt ?? 'instruction'}", "${c.chosen ?? 'chosen'}" and "${c.rejected ?? 'rejected'}"` : `"${c.prompt ?? 'instruction'}" and "${c.response ?? 'output'}"`;
    case 'sharegpt':
      return `"${c.messages ?? 'conversations'}"`;
    case 'openai':
      return `"${c.messages ?? 'messages'}"`;
    case 'text':
      return `"${c.text ?? 'text'}"`;
    default:
      return `"${c.chosen ?? 'chosen'}" and "${c.rejected ?? 'rejected'}"`;
  }
}
