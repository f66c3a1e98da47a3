import { WorkbenchError, workbenchErrorSchema } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

/** An engine on another machine: its URL (what `workbench serve` printed) and its access key. */
export interface RemoteConnection {
  readonly url: string;
  readonly key: string | null;
}

export interface RemoteEndpoints {
  /** http(s)://host:port, no trailing slash. */
  readonly httpBase: string;
  /** ws(s)://host:port/api/ws */
  readonly wsUrl: string;
}

/** Accepts http(s)://host:port[/], ws(s)://host:port/api/ws, or host:port; refuses anything else by field. */
export function remoteEndpoints(url: string): RemoteEndpoints {
  const trimmed = url.trim();
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new WorkbenchError('bad_input', `"${url}" is not an engine URL; expected http://host:port`, { field: 'url' }, reason('remote_url_invalid', { url }));
  }
  const scheme = { 'http:': 'http:', 'ws:': 'http:', 'https:': 'https:', 'wss:': 'https:' }[parsed.protocol];
  if (!scheme) throw new WorkbenchError('bad_input', `"${url}": the engine URL must start with http:// or https://`, { field: 'url' }, reason('remote_url_scheme', { url }));
  const httpBase = `${scheme}//${parsed.host}`;
  return { httpBase, wsUrl: `${scheme === 'https:' ? 'wss:' : 'ws:'}//${parsed.host}/api/ws` };
}

export const authHeaders = (key: string | null): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});

/** An HTTP answer that is not 2xx, as the engine's own error when it sent one. */
export async function remoteFailure(response: Response, what: string): Promise<WorkbenchError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    // not JSON: described by the status below
  }
  const shape = workbenchErrorSchema.safeParse((body as { error?: unknown } | undefined)?.error);
  if (shape.success) return WorkbenchError.fromShape(shape.data);
  return new WorkbenchError(response.status === 401 ? 'forbidden' : 'internal', `${what}: the engine answered HTTP ${response.status}`, undefined, reason('remote_http_error', { status: response.status }));
}

/** fetch, with "cannot reach" said in words and the URL named. */
export async function remoteFetch(url: string, init: RequestInit, what: string): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw new WorkbenchError('cancelled', `${what} was cancelled`);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new WorkbenchError('host_crashed', `Cannot reach the workbench engine at ${new URL(url).origin} (${cause?.code ?? cause?.message ?? (error as Error).message})`, { field: 'url' }, reason('remote_unreachable', { url: new URL(url).origin }));
  }
}
