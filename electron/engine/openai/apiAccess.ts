import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { OpenAiError } from './openAiError.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export const isLoopbackHost = (host: string): boolean => LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Binding beyond loopback exposes the models to the network, so it needs an API key. */
export function assertBindAllowed(host: string, apiKey: string | null): void {
  if (!isLoopbackHost(host) && (apiKey === null || apiKey === '')) {
    throw new WorkbenchError('bad_input', `Refusing to serve the OpenAI-compatible API on ${host} without an API key; set one or bind to 127.0.0.1`, {
      field: 'apiKey',
    });
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Who may call the API. With a key: a matching `Authorization: Bearer <key>` (compared in constant time), and
 * nothing else matters, since browsers cannot send that header cross-site without a preflight we never answer.
 * Without a key (loopback only): the Host header must be a loopback name (blocks DNS rebinding) and a browser
 * Origin, if any, must be the server itself (blocks other websites from driving the models).
 */
export function checkApiAccess(request: IncomingMessage, apiKey: string | null): void {
  if (apiKey !== null && apiKey !== '') {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (!match || !timingSafeEqual(digest(match[1]!.trim()), digest(apiKey))) {
      throw new OpenAiError(
        401,
        'authentication_error',
        match ? 'Incorrect API key provided' : 'This server needs an API key: send Authorization: Bearer <key>',
        null,
        'invalid_api_key',
      );
    }
    return;
  }
  const hostHeader = request.headers.host ?? '';
  let hostname = '';
  try {
    hostname = new URL(`http://${hostHeader}`).hostname;
  } catch {
    // refused below
  }
  if (!isLoopbackHost(hostname)) {
    throw new OpenAiError(403, 'authentication_error', 'Requests must be addressed to a loopback host (127.0.0.1 or localhost)', null, 'forbidden_host');
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${hostHeader}`) {
    throw new OpenAiError(403, 'authentication_error', 'Cross-origin browser requests are refused; API clients send no Origin', null, 'forbidden_origin');
  }
}
