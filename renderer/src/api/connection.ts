/**
 * Which workbench engine this window talks to: its own (Electron IPC, or the server that served the page) or one on
 * another machine (`workbench serve --host 0.0.0.0 --key …`), chosen in Settings → Connection and kept in this
 * window's storage. Switching reloads the window, so every page starts clean against the new engine.
 */
export interface EngineConnection {
  readonly url: string;
  readonly key: string | null;
}

const storageKey = 'workbench.engineConnection';

export function storedConnection(): EngineConnection | null {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<EngineConnection>;
    return typeof value.url === 'string' && value.url !== '' ? { url: value.url, key: typeof value.key === 'string' && value.key !== '' ? value.key : null } : null;
  } catch {
    return null;
  }
}

export function saveConnection(connection: EngineConnection | null): void {
  if (connection === null) localStorage.removeItem(storageKey);
  else localStorage.setItem(storageKey, JSON.stringify(connection));
}

/** http(s)://host:port and its WebSocket, from what the user typed (host:port, http://host:port/ …). */
export function connectionEndpoints(connection: EngineConnection): { httpBase: string; wsUrl: string } {
  const typed = connection.url.trim();
  const parsed = new URL(/^[a-z]+:\/\//i.test(typed) ? typed : `http://${typed}`);
  const secure = parsed.protocol === 'https:' || parsed.protocol === 'wss:';
  return { httpBase: `${secure ? 'https:' : 'http:'}//${parsed.host}`, wsUrl: `${secure ? 'wss:' : 'ws:'}//${parsed.host}/api/ws` };
}

/** A page cannot set headers on a WebSocket: the key travels as a subprotocol the server checks and never echoes. */
export const keyProtocols = (key: string | null): string[] => (key ? ['workbench', `workbench-key.${key}`] : []);
