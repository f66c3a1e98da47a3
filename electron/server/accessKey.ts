import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WorkbenchError } from '../shared/contract/errors.ts';
import { reason } from '../shared/contract/errorReasons.ts';

/** The WebSocket subprotocol prefix a browser page (which cannot set headers on a WebSocket) sends its key in. */
export const keyProtocolPrefix = 'workbench-key.';
/** The subprotocol the server answers with (never the key itself). */
export const workbenchProtocol = 'workbench';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
export const isLoopbackBind = (host: string): boolean => LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);

/**
 * The engine can start jobs and read files under its data home: beyond loopback it must not listen without a key.
 * Keys are at least 16 characters (a guessable key over the network is no key).
 */
export function assertListenAllowed(host: string, key: string | null): void {
  if (!isLoopbackBind(host) && (key === null || key === '')) {
    throw new WorkbenchError('forbidden', `Refusing to serve the workbench engine on ${host} without an access key; set one (--key or WORKBENCH_ENGINE_KEY) or bind to 127.0.0.1`, {
      field: 'key',
    });
  }
  if (key !== null && key.length < 16) throw new WorkbenchError('bad_input', 'The access key must be at least 16 characters', { field: 'key' });
}

/** The key a request presents: `Authorization: Bearer <key>`, or a WebSocket subprotocol `workbench-key.<key>`. */
export function presentedKey(request: IncomingMessage): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec((request.headers.authorization ?? '').trim());
  if (bearer) return bearer[1]!;
  const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((value) => value.trim());
  const keyed = protocols.find((value) => value.startsWith(keyProtocolPrefix));
  return keyed ? keyed.slice(keyProtocolPrefix.length) : null;
}

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Compares digests in constant time, so neither the key's content nor its length leaks through timing. */
export function keyMatches(presented: string | null, key: string): boolean {
  return presented !== null && timingSafeEqual(digest(presented), digest(key));
}

/** Why a request was refused, in words a person connecting can act on. */
export function keyRefusal(presented: string | null): WorkbenchError {
  return presented === null
    ? new WorkbenchError('forbidden', 'This workbench engine needs an access key: enter it with the engine URL in Settings → Connection', { field: 'key', reason: 'missing_key' }, reason('access_key_missing', {}))
    : new WorkbenchError('forbidden', 'Wrong access key for this workbench engine', { field: 'key', reason: 'wrong_key' }, reason('access_key_wrong', {}));
}
