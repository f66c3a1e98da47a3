import i18next from 'i18next';
import type { DatasetSource } from '../../../../electron/shared/contract/datasets.ts';
import { reason } from '../../../../electron/shared/contract/errorReasons.ts';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import { transportName } from '../../api/client.ts';
import { errorText } from '../../api/errorText.ts';
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
    const reply = (await response.json()) as { path?: string; error?: unknown };
    if (!response.ok || !reply.path) {
      const failure = reply.error === undefined ? new WorkbenchError('internal', `Uploading ${file.name} failed (HTTP ${response.status})`) : WorkbenchError.from(reply.error);
      throw new WorkbenchError(failure.code, errorText(i18next.t, failure), failure.details, failure.reason);
    }
    return { kind: 'file', path: reply.path };
  }
  if (file.size > maxInlineBytes) {
    const tooLarge = new WorkbenchError('bad_input', `${file.name} is larger than 64 MB: type its path instead`, { file: file.name }, reason('file_too_large', { file: file.name, limitMegabytes: 64 }));
    throw new WorkbenchError(tooLarge.code, errorText(i18next.t, tooLarge), tooLarge.details, tooLarge.reason);
  }
  return { kind: 'text', fileName: file.name, text: await file.text() };
}
