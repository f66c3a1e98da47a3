import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { DownloadProgress } from '../../shared/contract/models.ts';
import { sha256OfFile } from './fileHashes.ts';

export interface DownloadOptions {
  readonly url: string;
  readonly target: string;
  readonly signal: AbortSignal;
  onProgress(progress: DownloadProgress): void;
  /** Sent only to the first host (the hub), never to the CDN it redirects to. */
  readonly headers?: Record<string, string>;
  /** Consecutive failed attempts (no new bytes) before giving up. */
  readonly maxAttempts?: number;
  readonly retryDelayMs?: number;
  /** Free bytes where the file goes; replaceable in tests. */
  readonly freeBytes?: (dir: string) => Promise<number>;
}

export interface DownloadOutcome {
  readonly sizeBytes: number;
  readonly sha256: string;
  /** The sha256 the server stated (x-linked-etag on the hub), null when it stated none. */
  readonly expectedSha256: string | null;
  readonly resumedFromBytes: number;
}

interface PartMeta {
  url: string;
  expectedSha256: string | null;
  totalBytes: number | null;
}

/** What the server said before the body: hub headers survive redirects because we follow them ourselves. */
interface ServerFacts {
  expectedSha256: string | null;
  totalBytes: number | null;
}

const MAX_REDIRECTS = 10;
const STALL_TIMEOUT_MS = 30_000;
/** Left free after the download, so the disk is not filled to the last byte. */
const DISK_MARGIN_BYTES = 64 * 1024 * 1024;
const PROGRESS_INTERVAL_MS = 200;

/**
 * Downloads into `<target>.part` and renames when complete and verified. An interrupted transfer (dropped
 * connection, app closed, cancel) resumes with an HTTP range request from the bytes already on disk; the sha256
 * the hub states is checked before the file is accepted.
 */
export async function resumableDownload(options: DownloadOptions): Promise<DownloadOutcome> {
  const partPath = `${options.target}.part`;
  const metaPath = `${options.target}.part.json`;
  mkdirSync(dirname(options.target), { recursive: true });
  const meta = readMeta(metaPath);
  if (meta && meta.url !== options.url) {
    rmSync(partPath, { force: true });
    rmSync(metaPath, { force: true });
  }
  const facts: ServerFacts = { expectedSha256: meta?.url === options.url ? meta.expectedSha256 : null, totalBytes: meta?.url === options.url ? meta.totalBytes : null };
  const resumedFromBytes = fileSize(partPath);
  const maxAttempts = options.maxAttempts ?? 5;
  let failures = 0;

  for (;;) {
    options.signal.throwIfAborted();
    const before = fileSize(partPath);
    try {
      const complete = await attempt(options, partPath, facts, before, resumedFromBytes);
      writeMeta(metaPath, { url: options.url, ...facts });
      if (complete) break;
    } catch (error) {
      writeMeta(metaPath, { url: options.url, ...facts });
      if (options.signal.aborted) throw new WorkbenchError('cancelled', 'Download cancelled; it resumes from where it stopped when started again');
      if (error instanceof WorkbenchError && error.code !== 'internal') throw error;
      failures = fileSize(partPath) > before ? 1 : failures + 1;
      if (failures >= maxAttempts) {
        throw new WorkbenchError('internal', `Download of ${options.url} failed ${failures} times in a row: ${(error as Error).message}. Start it again to resume.`, {
          url: options.url,
          receivedBytes: fileSize(partPath),
        });
      }
      options.onProgress({ receivedBytes: fileSize(partPath), totalBytes: facts.totalBytes, resumedFromBytes, bytesPerSecond: null, phase: 'retrying' });
      await delay(Math.min(10_000, (options.retryDelayMs ?? 500) * 2 ** (failures - 1)), options.signal);
    }
  }

  const sizeBytes = fileSize(partPath);
  if (facts.totalBytes !== null && sizeBytes !== facts.totalBytes) {
    rmSync(partPath, { force: true });
    rmSync(metaPath, { force: true });
    throw new WorkbenchError('internal', `Download of ${options.url} ended at ${sizeBytes} bytes, expected ${facts.totalBytes}; the partial file was removed`);
  }
  options.onProgress({ receivedBytes: sizeBytes, totalBytes: facts.totalBytes, resumedFromBytes, bytesPerSecond: null, phase: 'verifying' });
  const sha256 = await sha256OfFile(partPath);
  if (facts.expectedSha256 !== null && sha256 !== facts.expectedSha256) {
    rmSync(partPath, { force: true });
    rmSync(metaPath, { force: true });
    throw new WorkbenchError('bad_input', `Downloaded file does not match the sha256 the server stated (expected ${facts.expectedSha256}, got ${sha256}, reason('download_checksum_mismatch', { url: options.url })); it was removed`, {
      url: options.url,
      expected: facts.expectedSha256,
      actual: sha256,
    });
  }
  renameSync(partPath, options.target);
  rmSync(metaPath, { force: true });
  return { sizeBytes, sha256, expectedSha256: facts.expectedSha256, resumedFromBytes };
}

/** One HTTP exchange; true when the file is complete. Network failures throw plain errors (retried). */
async function attempt(options: DownloadOptions, partPath: string, facts: ServerFacts, offset: number, resumedFromBytes: number): Promise<boolean> {
  if (facts.totalBytes !== null && offset === facts.totalBytes) return true;
  const response = await openFollowingRedirects(options, offset, facts);
  const status = response.statusCode ?? 0;
  if (status === 416) {
    response.resume();
    // Our partial file is at least as long as the resource: complete if the sizes agree, otherwise start over.
    if (facts.totalBytes !== null && offset === facts.totalBytes) return true;
    rmSync(partPath, { force: true });
    throw new Error('the server refused the resume range; starting over');
  }
  if (status !== 200 && status !== 206) {
    response.resume();
    throw httpError(status, options.url);
  }
  let start = 0;
  if (status === 206) {
    const range = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers['content-range'] ?? '');
    if (!range || Number(range[1]) !== offset) {
      response.resume();
      rmSync(partPath, { force: true });
      throw new Error(`the server answered a different range (${response.headers['content-range'] ?? 'none'}); starting over`);
    }
    start = offset;
    if (range[2] !== '*') facts.totalBytes ??= Number(range[2]);
  } else {
    const length = Number(response.headers['content-length']);
    if (Number.isFinite(length) && response.headers['content-length'] !== undefined) facts.totalBytes ??= length;
  }
  if (facts.totalBytes !== null) await checkDiskSpace(options, facts.totalBytes - start);

  let received = start;
  let windowStart = performance.now();
  let windowBytes = 0;
  let lastReport = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      windowBytes += chunk.length;
      const now = performance.now();
      if (now - lastReport >= PROGRESS_INTERVAL_MS) {
        const seconds = (now - windowStart) / 1000;
        options.onProgress({
          receivedBytes: received,
          totalBytes: facts.totalBytes,
          resumedFromBytes,
          bytesPerSecond: seconds > 0 ? windowBytes / seconds : null,
          phase: 'downloading',
        });
        lastReport = now;
        if (seconds > 2) {
          windowStart = now;
          windowBytes = 0;
        }
      }
      callback(null, chunk);
    },
  });
  const file = createWriteStream(partPath, { flags: status === 206 ? 'a' : 'w' });
  try {
    await pipeline(response, counter, file, { signal: options.signal });
  } catch (error) {
    // The resume offset is read from the .part file's size: wait until the writes already handed to the OS have
    // landed and the file is closed, or the retry would start from fewer bytes than are really on disk.
    if (!file.closed) await new Promise<void>((resolveClose) => file.once('close', () => resolveClose()));
    throw error;
  }
  // A server that closes early without an error still sent fewer bytes than it promised.
  if (facts.totalBytes !== null && received < facts.totalBytes) throw new Error(`connection closed after ${received} of ${facts.totalBytes} bytes`);
  return true;
}

function openFollowingRedirects(options: DownloadOptions, offset: number, facts: ServerFacts): Promise<IncomingMessage> {
  return new Promise((resolvePromise, reject) => {
    const open = (url: URL, hop: number): void => {
      const headers: Record<string, string> = { 'user-agent': 'llm-workbench', 'accept-encoding': 'identity' };
      if (hop === 0) Object.assign(headers, options.headers);
      if (offset > 0) headers.range = `bytes=${offset}-`;
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(url, { method: 'GET', headers, signal: options.signal, timeout: STALL_TIMEOUT_MS }, (response) => {
        readHubHeaders(response, facts);
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (status >= 300 && status < 400 && location) {
          response.resume();
          if (hop >= MAX_REDIRECTS) {
            reject(new WorkbenchError('internal', `Too many redirects downloading ${options.url}`));
            return;
          }
          open(new URL(location, url), hop + 1);
          return;
        }
        resolvePromise(response);
      });
      request.on('timeout', () => request.destroy(new Error(`no data from ${url.host} for ${STALL_TIMEOUT_MS / 1000}s`)));
      request.on('error', reject);
      request.end();
    };
    open(new URL(options.url), 0);
  });
}

/** The hub states an LFS file's sha256 and size on the resolve response, before redirecting to the CDN. */
function readHubHeaders(response: IncomingMessage, facts: ServerFacts): void {
  const linkedEtag = String(response.headers['x-linked-etag'] ?? '').replace(/^W\//, '').replace(/"/g, '');
  if (/^[0-9a-f]{64}$/i.test(linkedEtag)) facts.expectedSha256 = linkedEtag.toLowerCase();
  const linkedSize = Number(response.headers['x-linked-size']);
  if (response.headers['x-linked-size'] !== undefined && Number.isInteger(linkedSize)) facts.totalBytes = linkedSize;
}

async function checkDiskSpace(options: DownloadOptions, remainingBytes: number): Promise<void> {
  const dir = dirname(options.target);
  const free = options.freeBytes ? await options.freeBytes(dir) : await freeBytesAt(dir);
  if (free < remainingBytes + DISK_MARGIN_BYTES) {
    throw new WorkbenchError('bad_input', `Not enough disk space in ${dir}: the download needs ${formatBytes(remainingBytes)} more, ${formatBytes(free)} are free`, {
      field: 'disk',
      folder: dir,
      neededBytes: remainingBytes,
      freeBytes: free,
    }, reason('disk_space', { folder: dir, neededBytes: remainingBytes, freeBytes: free }));
  }
}

export async function freeBytesAt(dir: string): Promise<number> {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
}

function httpError(status: number, url: string): WorkbenchError {
  if (status === 404) return new WorkbenchError('not_found', `${url} was not found (HTTP 404): check the repository and file name`, { url, status }, reason('download_not_found', { url }));
  if (status === 401 || status === 403) {
    return new WorkbenchError('forbidden', `${url} needs permission (HTTP ${status}): the model may be gated; set HF_TOKEN to a token that has access`, { url, status }, reason('download_needs_permission', { url, status }));
  }
  return new WorkbenchError(status >= 500 ? 'internal' : 'bad_input', `${url} answered HTTP ${status}`, { url, status }, reason('download_http_error', { url, status }));
}

function readMeta(path: string): PartMeta | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PartMeta;
  } catch {
    return null;
  }
}

function writeMeta(path: string, meta: PartMeta): void {
  writeFileSync(path, JSON.stringify(meta));
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(resolvePromise, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new WorkbenchError('cancelled', 'Download cancelled'));
      },
      { once: true },
    );
  });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(0, Math.round(bytes / 1024))} KB`;
}
