import type { TFunction } from 'i18next';
import type { ProblemReason } from '../../../../electron/shared/contract/datasetProblemReasons.ts';

type Translate = TFunction | ((key: string, params?: Record<string, unknown>) => string);

/** Params that name a kind of value, a role, a side of a pair or a kind of media, and the table each is said from. */
const tables: Readonly<Record<string, string>> = {
  found: 'problemValue',
  expected: 'problemValue',
  role: 'problemRole',
  previous: 'problemRole',
  side: 'problemSide',
  media: 'problemMedia',
};

/**
 * A dataset problem (a row's, or a dataset_info.json entry's) in the interface's language, from its reason's key and
 * params. Without a reason (stored before reasons existed, or one from a newer engine) the engine's English message
 * is shown as it is.
 */
export function problemText(t: Translate, problem: { readonly message: string; readonly reason?: ProblemReason | undefined }): string {
  const translate = t as (key: string, params?: Record<string, unknown>) => string;
  const { reason } = problem;
  if (!reason) return problem.message;
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(reason.params as Record<string, unknown>)) {
    const table = tables[name];
    if (name === 'allowed' && Array.isArray(value)) params[name] = value.map((role: string) => translate(`datasets:problemRole.${role}`)).join(translate('datasets:problemOr'));
    else params[name] = table && typeof value === 'string' ? translate(`datasets:${table}.${value}`, { defaultValue: value }) : value;
  }
  return translate(`datasets:problemReason.${reason.key}`, { ...params, defaultValue: problem.message, interpolation: { escapeValue: false } });
}
