import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { authHeaders, remoteEndpoints, remoteFailure, remoteFetch, type RemoteConnection } from './remoteConnection.ts';

/** Bytes per PUT: a dropped connection costs at most one chunk. */
export const uploadChunkBytes = 8 * 1024 ** 2;

export interface TransferredFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface TransferOptions {
  /** Bytes done so far and the total, after each chunk. */
  onProgress?(done: number, total: number): void;
  /** Bytes hashed so far (an upload hashes the file before sending it: the hash names the upload). */
  onHashing?(done: number, total: number): void;
  signal?: AbortSignal;
  chunkBytes?: number;
}

export async function sha256OfLocalFile(path: string, onBytes?: (done: number) => void): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(path);
  let done = 0;
  if (onBytes) stream.on('data', (bytes) => onBytes((done += bytes.length)));
  await pipeline(stream, hash);
  return hash.digest('hex');
}

/**
 * Sends a local file to the remote engine in chunks. The upload id is the file's sha256, so sending the same file
 * again after a broken connection continues where the engine's copy stops; the engine checks size and sha256
 * before it keeps the file, and answers with the path it is at on its machine.
 */
export async function uploadFile(connection: RemoteConnection, localPath: string, options: TransferOptions = {}): Promise<TransferredFile> {
  const path = resolve(localPath);
  if (!existsSync(path) || !statSync(path).isFile()) throw new WorkbenchError('not_found', `No file at ${path}`, { field: 'path', file: path }, reason('file_not_found', { file: path }));
  const { httpBase } = remoteEndpoints(connection.url);
  const size = statSync(path).size;
  const sha256 = await sha256OfLocalFile(path, options.onHashing ? (done) => options.onHashing?.(done, size) : undefined);
  const uploadUrl = `${httpBase}/api/files/upload/${sha256}`;
  const headers = authHeaders(connection.key);
  const init = (extra: RequestInit): RequestInit => ({ ...extra, headers: { ...headers, ...(extra.headers as Record<string, string> | undefined) }, ...(options.signal ? { signal: options.signal } : {}) });

  const status = await remoteFetch(uploadUrl, init({ method: 'GET' }), `Uploading ${basename(path)}`);
  if (!status.ok) throw await remoteFailure(status, `Uploading ${basename(path)}`);
  let offset = ((await status.json()) as { received: number }).received;
  if (offset > size) offset = size; // a longer partial cannot be this file: finish will refuse it by size
  options.onProgress?.(offset, size);
  const chunk = Buffer.alloc(Math.min(options.chunkBytes ?? uploadChunkBytes, Math.max(size, 1)));
  const fd = openSync(path, 'r');
  try {
    while (offset < size) {
      const length = readSync(fd, chunk, 0, Math.min(chunk.length, size - offset), offset);
      const response = await remoteFetch(`${uploadUrl}?offset=${offset}`, init({ method: 'PUT', body: chunk.subarray(0, length), headers: { 'content-type': 'application/octet-stream' } }), `Uploading ${basename(path)}`);
      if (!response.ok) throw await remoteFailure(response, `Uploading ${basename(path)}`);
      offset = ((await response.json()) as { received: number }).received;
      options.onProgress?.(offset, size);
    }
  } finally {
    closeSync(fd);
  }
  const query = new URLSearchParams({ name: basename(path), size: String(size), sha256 });
  const finished = await remoteFetch(`${uploadUrl}/finish?${query}`, init({ method: 'POST' }), `Uploading ${basename(path)}`);
  if (!finished.ok) throw await remoteFailure(finished, `Uploading ${basename(path)}`);
  const stored = (await finished.json()) as TransferredFile;
  if (stored.sha256 !== sha256 || stored.size !== size) {
    throw new WorkbenchError('internal', `The engine stored ${basename(path)} as ${stored.size} bytes, sha256 ${stored.sha256}; sent ${size} bytes, sha256 ${sha256}`, { file: path }, reason('remote_transfer_mismatch', { file: basename(path) }));
  }
  return stored;
}

/**
 * Fetches a file under the remote engine's data home to a local path: streamed into <path>.part, continued from
 * that part's size when one is left from a broken transfer, then checked against the engine's size and sha256
 * before it is renamed into place.
 */
export async function downloadFile(connection: RemoteConnection, remotePath: string, localPath: string, options: TransferOptions = {}): Promise<TransferredFile> {
  const { httpBase } = remoteEndpoints(connection.url);
  const target = resolve(localPath);
  const what = `Downloading ${basename(remotePath)}`;
  const headers = authHeaders(connection.key);
  const signal = options.signal ? { signal: options.signal } : {};
  const query = new URLSearchParams({ path: remotePath });
  const stat = await remoteFetch(`${httpBase}/api/files/stat?${query}`, { headers, ...signal }, what);
  if (!stat.ok) throw await remoteFailure(stat, what);
  const expected = (await stat.json()) as TransferredFile;

  mkdirSync(dirname(target), { recursive: true });
  const part = `${target}.part`;
  let offset = existsSync(part) ? statSync(part).size : 0;
  if (offset > expected.size) {
    rmSync(part);
    offset = 0;
  }
  options.onProgress?.(offset, expected.size);
  if (offset < expected.size) {
    const response = await remoteFetch(`${httpBase}/api/files/download?${query}`, { headers: { ...headers, ...(offset > 0 ? { range: `bytes=${offset}-` } : {}) }, ...signal }, what);
    if (!response.ok || !response.body) throw await remoteFailure(response, what);
    // A server that ignored the Range header sends the whole file: start the part again.
    const appending = offset > 0 && response.status === 206;
    if (!appending) offset = 0;
    let done = offset;
    const counted = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
    counted.on('data', (bytes: Buffer) => {
      done += bytes.length;
      options.onProgress?.(done, expected.size);
    });
    await pipeline(counted, createWriteStream(part, { flags: appending ? 'a' : 'w' }));
  }
  const size = statSync(part).size;
  const sha256 = await sha256OfLocalFile(part);
  if (size !== expected.size || sha256 !== expected.sha256) {
    rmSync(part);
    throw new WorkbenchError('internal', `${what}: got ${size} bytes with sha256 ${sha256}, the engine has ${expected.size} bytes with sha256 ${expected.sha256}; the partial file was removed, try again`, {
      file: target,
    }, reason('remote_transfer_mismatch', { file: basename(target) }));
  }
  renameSync(part, target);
  return { path: target, size, sha256 };
}
