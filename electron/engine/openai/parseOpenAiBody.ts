import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { badRequest, OpenAiError } from './openAiError.ts';

const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Reads a JSON body (at most 8 MiB); a broken or oversized body is a 400/413 in OpenAI's shape. */
export async function readOpenAiJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new OpenAiError(413, 'invalid_request_error', 'Request body is larger than 8 MiB', null, 'request_too_large');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) throw badRequest('Request body is empty; send a JSON object');
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw badRequest(`Request body is not valid JSON: ${(error as Error).message}`, null, 'invalid_json');
  }
}

/** Validates with zod; the first problem becomes the message, its path the OpenAI `param`. */
export function parseOpenAiRequest<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  throw badRequest(`${param ? `${param}: ` : ''}${issue?.message ?? 'invalid request body'}`, param);
}
