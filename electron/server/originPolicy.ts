import type { IncomingMessage } from 'node:http';

const LOOPBACK_HOSTNAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::']);

function parseHostHeader(value: string): { hostname: string; port: string } | null {
  try {
    const url = new URL(`http://${value}`);
    return { hostname: url.hostname, port: url.port || '80' };
  } catch {
    return null;
  }
}

/**
 * The server answers only requests addressed to itself (Host header: blocks DNS rebinding) and, when a browser
 * sends an Origin, only pages it served itself (blocks other websites calling the local API).
 */
export function isAllowedRequest(request: IncomingMessage, boundHost: string, port: number): boolean {
  const hostHeader = request.headers.host;
  const target = hostHeader ? parseHostHeader(hostHeader) : null;
  if (!target || target.port !== String(port)) return false;
  const boundIsLoopback = LOOPBACK_HOSTNAMES.has(boundHost) || boundHost === '::1';
  const hostMatches =
    WILDCARD_HOSTS.has(boundHost) ||
    target.hostname === boundHost ||
    target.hostname === `[${boundHost}]` ||
    (boundIsLoopback && LOOPBACK_HOSTNAMES.has(target.hostname));
  if (!hostMatches) return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true; // CLI clients, tests, curl: not a browser page
  return origin === `http://${hostHeader}`;
}
