import type { DatasetSource } from '../../../../electron/shared/contract/datasets.ts';
import { transportName } from '../../api/client.ts';
import { storedConnection } from '../../api/connection.ts';

/** Inline text travels in one message; bigger files must be given by path. */
const maxInlineBytes = 64 * 1024 * 1024;

/**
 * A file the user picked or dropped, as a source the engine can read. In the browser it is streamed to the
 * server's upload route (any size); in Electron the page has no file paths, so a small file travels as text.
 */
export async function sendFile(file: File): Promise<DatasetSource> {
  // Connected to another machine's engine, the page's own server is the wrong place for the file.
  if (transportName() === 'browser' && storedConnection() === null) {
    const response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file });
    const reply = (await response.json()) as { path?: string; error?: { message?: string } };
    if (!response.ok || !reply.path) throw new Error(reply.error?.message ?? `Uploading ${file.name} failed (${response.status})`);
    return { kind: 'file', path: reply.path };
  }
  if (file.size > maxInlineBytes) throw new Error(`${file.name} is larger than 64 MB: type its path instead`);
  return { kind: 'text', fileName: file.name, text: await file.text() };
}
