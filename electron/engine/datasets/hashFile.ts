import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { WorkbenchError } from '../../shared/contract/errors.ts';

/** sha256 of a file's bytes, streamed; the identity of an import. */
export async function hashFile(path: string, signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled');
      hash.update(chunk);
      bytes += chunk.length;
      onBytes?.(bytes);
    }
  } finally {
    stream.destroy();
  }
  return hash.digest('hex');
}
