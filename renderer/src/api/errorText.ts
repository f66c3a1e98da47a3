import type { TFunction } from 'i18next';
import { WorkbenchError, errorCodes, type ErrorCode } from '../../../electron/shared/contract/errors.ts';

/**
 * An engine error as the user reads it: the UI's own sentence for the error code, in the interface's language,
 * then the engine's message (English, naming the file, line or tensor) as the detail.
 */
export function errorText(t: TFunction | ((key: string) => string), error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof WorkbenchError ? error.code : null;
  if (code === null || !(errorCodes as readonly string[]).includes(code)) return message;
  return `${t(`common:errorCode.${code satisfies ErrorCode}`)}: ${message}`;
}
