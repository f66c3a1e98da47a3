import { z } from 'zod';

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
});
export type WorkbenchErrorShape = z.infer<typeof workbenchErrorSchema>;

/** The one error type that crosses process and network boundaries. */
export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'WorkbenchError';
    this.code = code;
    this.details = details;
  }

  toShape(): WorkbenchErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromShape(shape: WorkbenchErrorShape): WorkbenchError {
    return new WorkbenchError(shape.code, shape.message, shape.details);
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
