import type { ServerResponse } from 'node:http';
import { WorkbenchError, type ErrorCode } from '../../shared/contract/errors.ts';

/** OpenAI's error `type` values that clients (and the official SDK) react to. */
export type OpenAiErrorType = 'invalid_request_error' | 'authentication_error' | 'not_found_error' | 'server_error' | 'overloaded_error';

export interface OpenAiErrorBody {
  readonly error: { message: string; type: OpenAiErrorType; param: string | null; code: string | null };
}

/** An error as an OpenAI client expects it: an HTTP status plus {error:{message,type,param,code}}. */
export class OpenAiError extends Error {
  constructor(
    readonly status: number,
    readonly type: OpenAiErrorType,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'OpenAiError';
  }

  body(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

const fromCode: Record<ErrorCode, { status: number; type: OpenAiErrorType; code: string }> = {
  bad_input: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  not_found: { status: 404, type: 'not_found_error', code: 'not_found' },
  conflict: { status: 409, type: 'invalid_request_error', code: 'conflict' },
  unsupported: { status: 501, type: 'invalid_request_error', code: 'unsupported' },
  cancelled: { status: 499, type: 'invalid_request_error', code: 'cancelled' },
  host_crashed: { status: 503, type: 'server_error', code: 'engine_restarting' },
  forbidden: { status: 403, type: 'authentication_error', code: 'forbidden' },
  internal: { status: 500, type: 'server_error', code: 'internal_error' },
};

/** Any thrown error becomes an OpenAiError; engine errors keep their message and the field they name. */
export function toOpenAiError(error: unknown): OpenAiError {
  if (error instanceof OpenAiError) return error;
  const shaped = WorkbenchError.from(error);
  const mapped = fromCode[shaped.code];
  const field = shaped.details?.field;
  return new OpenAiError(mapped.status, mapped.type, shaped.message, typeof field === 'string' ? field : null, mapped.code);
}

export function sendOpenAiError(response: ServerResponse, error: unknown): void {
  const shaped = toOpenAiError(error);
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(shaped.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(shaped.body()));
}

export const badRequest = (message: string, param: string | null = null, code = 'invalid_request'): OpenAiError =>
  new OpenAiError(400, 'invalid_request_error', message, param, code);
