import { z } from 'zod';
import { errorReasonSchema, type ErrorReason } from './errorReasons.ts';

/** Error codes every transport carries unchanged, so the UI can react without parsing messages. */
export const errorCodes = [
  'bad_input',
  'not_found',
  'conflict',
  'unsupported',
  'cancelled',
  'host_crashed',
  'forbidden',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const workbenchErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  /** Where the problem is, when known: file, line, field. */
  details: z.record(z.string(), z.unknown()).optional(),
  /**
   * Why, as a key and params the UI turns into a sentence in its own language (errorReasons.ts). A reason this
   * side does not know (an engine of another version) is dropped rather than failing the error: the code and the
   * message still arrive.
   */
  reason: errorReasonSchema.optional().catch(undefined),
});
export type WorkbenchErrorShape = z.infer<typeof workbenchErrorSchema>;

/** The one error type that crosses process and network boundaries. */
export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly reason: ErrorReason | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, reason?: ErrorReason) {
    super(message);
    this.name = 'WorkbenchError';
    this.code = code;
    this.details = details;
    this.reason = reason;
  }

  toShape(): WorkbenchErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.reason === undefined ? {} : { reason: this.reason }),
    };
  }

  static fromShape(shape: WorkbenchErrorShape): WorkbenchError {
    return new WorkbenchError(shape.code, shape.message, shape.details, shape.reason);
  }

  /** Anything thrown becomes a WorkbenchError; unknown errors keep their message but are 'internal'. */
  static from(error: unknown): WorkbenchError {
    if (error instanceof WorkbenchError) return error;
    const parsed = workbenchErrorSchema.safeParse(error);
    if (parsed.success) return WorkbenchError.fromShape(parsed.data);
    const message = error instanceof Error ? error.message : String(error);
    return new WorkbenchError('internal', message);
  }
}
