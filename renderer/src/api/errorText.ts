import type { TFunction } from 'i18next';
import type { ErrorReason } from '../../../electron/shared/contract/errorReasons.ts';
import { WorkbenchError, errorCodes, type ErrorCode } from '../../../electron/shared/contract/errors.ts';

type Translate = TFunction | ((key: string, params?: Record<string, unknown>) => string);

/**
 * An engine error as the user reads it. When the engine says why (a reason key with its params), the sentence is
 * the UI's own, in the interface's language (errors:reason.<key>). Otherwise the code's sentence comes first and
 * the engine's message (English, naming the file, line or tensor) follows as the detail.
 */
export function errorText(t: Translate, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof WorkbenchError)) return message;
  if (error.reason) return reasonText(t, error.reason);
  const code = error.code;
  // A cancel needs no detail: the engine's "… was cancelled" would only repeat the word in English.
  if (code === 'cancelled') return t('errors:reason.cancelled');
  if (!(errorCodes as readonly string[]).includes(code)) return message;
  return `${t(`common:errorCode.${code satisfies ErrorCode}`)}: ${message}`;
}

/** A reason (an error's, or a verdict's that is not an error) as the UI's sentence: errors:reason.<key>. */
export function reasonText(t: Translate, reason: ErrorReason): string {
  return (t as (key: string, params?: Record<string, unknown>) => string)(`errors:reason.${reason.key}`, { ...reason.params, interpolation: { escapeValue: false } });
}

/**
 * What a page shows of an error from the API client or a finished job: the client has already put it in the
 * interface's language (withLocalizedErrors in client.ts), so its message is the sentence. Calling errorText again
 * would put the code's sentence in front a second time.
 */
export function shownError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
