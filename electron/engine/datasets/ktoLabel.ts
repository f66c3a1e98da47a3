import type { CanonicalRow, DatasetMessage } from '../../shared/contract/datasets.ts';
import { problemReason, valueTypeOf } from '../../shared/contract/datasetProblemReasons.ts';
import { keyPath } from './jsonPath.ts';
import { describeType, type ConvertContext } from './rowConversion.ts';

/** The KTO label column: LLaMA-Factory's `kto_tag`, "label" in its demo files and TRL's unpaired format. */
export const ktoLabelKey = (context: ConvertContext): string => context.plan.columns.kto_tag ?? 'label';

/** Whether a plan reads a KTO label: a KTO dataset, or KTO data taken as SFT of its desirable rows. */
export const readsKtoLabel = (context: ConvertContext): boolean => context.plan.kind === 'kto' || context.plan.desirableOnly === true;

/**
 * A conversation read from a record, as the row the plan asks for: a plain conversation, a KTO row with its label,
 * or (KTO taken as SFT) the conversation of a desirable row. An undesirable row then becomes a problem, so it is kept
 * out of training and still shown where the user counts rows.
 */
export function conversationRow(
  record: Readonly<Record<string, unknown>>,
  base: string,
  context: ConvertContext,
  messages: DatasetMessage[],
  tools?: Record<string, unknown>[],
): CanonicalRow | null {
  const withTools = tools ? { tools } : {};
  if (!readsKtoLabel(context)) return context.problems.length === 0 ? { kind: 'conversation', messages, ...withTools } : null;
  const key = ktoLabelKey(context);
  const path = keyPath(base, key);
  const value = record[key];
  let desirable: boolean | null = null;
  if (typeof value === 'boolean') desirable = value;
  else if (value === 'true' || value === 'false') desirable = value === 'true'; // CSV cells
  else if (value === undefined || value === null) {
    context.problems.push({ path, code: 'missing_field', message: `No "${key}" (true for a desirable answer, false for an undesirable one)`, reason: problemReason('missing_kto_label', { field: key }) });
  } else {
    context.problems.push({
      path,
      code: 'bad_label',
      message: `"${key}" must be true (desirable) or false (undesirable), found ${describeType(value)}`,
      reason: problemReason('kto_label_wrong_type', { field: key, found: valueTypeOf(value) }),
    });
  }
  if (desirable === null || context.problems.length > 0) return null;
  if (context.plan.kind === 'kto') return { kind: 'kto', messages, desirable, ...withTools };
  if (!desirable) {
    context.problems.push({
      path,
      code: 'undesirable_row',
      message: `Labelled undesirable ("${key}": false): left out, only desirable rows are used as SFT`,
      reason: problemReason('undesirable_row', { field: key }),
    });
    return null;
  }
  return { kind: 'conversation', messages, ...withTools };
}
