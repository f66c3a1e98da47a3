import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { WorkbenchError } from '../shared/contract/errors.ts';
import { reason } from '../shared/contract/errorReasons.ts';

/** One PUT carries at most this much; clients send files in chunks so a dropped connection loses one chunk. */
const MAX_CHUNK_BYTES = 64 * 1024 ** 2;
const uploadIdPattern = /^[\w-]{8,128}$/;

export interface TransferPaths {
  /** Where uploads land: <uploadsDir>/<id>/<name>, partial ones in <uploadsDir>/partial/<id>. */
  readonly uploadsDir: string;
  /** Downloads are served only from files under this folder (the engine's data home)… */
  readonly downloadRoot: string;
  /** …or files its libraries list (an adapter added from elsewhere on that machine). */
  isLibraryFile(path: string): boolean;
}

const sendJson = (response: ServerResponse, status: number, value: unknown): void => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
};

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

const partialPath = (paths: TransferPaths, id: string): string => join(paths.uploadsDir, 'partial', id);
const sizeOf = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

function uploadIdOf(raw: string): string {
  if (!uploadIdPattern.test(raw)) throw new WorkbenchError('bad_input', `upload id "${raw}" must be 8–128 letters, digits, - or _`, { field: 'uploadId' }, reason('field_invalid', { field: 'uploadId' }));
  return raw;
}

/** A file under the download root, symlinks resolved (a link out of the data home is refused like any other path). */
function servableFile(paths: TransferPaths, requested: string | null): string {
  if (!requested) throw new WorkbenchError('bad_input', 'Say which file: ?path=<absolute path on the engine machine>', { field: 'path' }, reason('field_required', { field: 'path' }));
  if (!existsSync(requested)) throw new WorkbenchError('not_found', `No file at ${requested} on the engine machine`, { field: 'path', file: requested }, reason('file_not_found', { file: requested }));
  const real = realpathSync(requested);
  const root = realpathSync(paths.downloadRoot);
  if (!real.startsWith(root + sep) && !paths.isLibraryFile(requested) && !paths.isLibraryFile(real)) {
    throw new WorkbenchError('forbidden', `${requested} is outside the engine's data home (${root}) and in none of its libraries; only those files can be downloaded`, { field: 'path', file: requested }, reason('download_outside_data_home', { file: requested }));
  }
  if (!statSync(real).isFile()) throw new WorkbenchError('bad_input', `${requested} is not a file`, { field: 'path', file: requested }, reason('file_not_found', { file: requested }));
  return real;
}

/**
 * Resumable uploads and downloads for a remote client:
 * - GET  /api/files/upload/<id>                 → { received }: how much of upload <id> arrived (resume from there)
 * - PUT  /api/files/upload/<id>?offset=N        → appends the body at N (N must equal received: 409 with it otherwise)
 * - POST /api/files/upload/<id>/finish?name=&size=&sha256= → checks size and sha256, moves it to <uploads>/<id>/<name>
 * - GET  /api/files/stat?path=                  → { path, size, sha256 }
 * - GET  /api/files/download?path=              → the bytes, from `Range: bytes=N-` when given (resume)
 * Returns false when the path is not one of these.
 */
export async function handleTransfer(paths: TransferPaths, pathname: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://x');
  const upload = /^\/api\/files\/upload\/([^/]+)(\/finish)?$/.exec(pathname);
  if (upload) {
    const id = uploadIdOf(decodeURIComponent(upload[1]!));
    const partial = partialPath(paths, id);
    if (upload[2] && request.method === 'POST') {
      sendJson(response, 200, await finishUpload(paths, id, url.searchParams));
    } else if (!upload[2] && request.method === 'GET') {
      sendJson(response, 200, { received: sizeOf(partial) });
    } else if (!upload[2] && request.method === 'PUT') {
      const offset = Number(url.searchParams.get('offset') ?? 'NaN');
      const received = sizeOf(partial);
      if (!Number.isInteger(offset) || offset !== received) {
        request.resume();
        sendJson(response, 409, { error: { code: 'conflict', message: `Upload ${id} has ${received} bytes; send from offset ${received}`, details: { field: 'offset', received } }, received });
        return true;
      }
      const declared = Number(request.headers['content-length'] ?? 0);
      if (declared > MAX_CHUNK_BYTES) throw new WorkbenchError('bad_input', `A chunk may be at most ${MAX_CHUNK_BYTES} bytes; this one declares ${declared}`, { field: 'content-length' }, reason('field_too_large', { field: 'content-length', maximum: MAX_CHUNK_BYTES }));
      mkdirSync(join(paths.uploadsDir, 'partial'), { recursive: true });
      await pipeline(request, createWriteStream(partial, { flags: 'a' }));
      sendJson(response, 200, { received: sizeOf(partial) });
    } else {
      throw new WorkbenchError('bad_input', `${request.method} is not allowed on ${pathname}`);
    }
    return true;
  }
  if (pathname === '/api/files/stat' && request.method === 'GET') {
    const file = servableFile(paths, url.searchParams.get('path'));
    sendJson(response, 200, { path: file, size: statSync(file).size, sha256: await sha256OfFile(file) });
    return true;
  }
  if (pathname === '/api/files/download' && request.method === 'GET') {
    const file = servableFile(paths, url.searchParams.get('path'));
    const size = statSync(file).size;
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    if (start > size) {
      response.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return true;
    }
    response.writeHead(range ? 206 : 200, {
      'content-type': 'application/octet-stream',
      'content-length': String(size - start),
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${Math.max(size - 1, start)}/${size}` } : {}),
    });
    if (start === size) response.end();
    else await pipeline(createReadStream(file, { start }), response);
    return true;
  }
  return false;
}

async function finishUpload(paths: TransferPaths, id: string, params: URLSearchParams): Promise<{ path: string; size: number; sha256: string }> {
  const partial = partialPath(paths, id);
  const name = basename(params.get('name') ?? '').replace(/[^\w.\-\u4e00-\u9fff]/g, '_');
  if (!name) throw new WorkbenchError('bad_input', 'Say the file name: ?name=', { field: 'name' }, reason('field_required', { field: 'name' }));
  const size = Number(params.get('size') ?? 'NaN');
  const expected = (params.get('sha256') ?? '').toLowerCase();
  if (!existsSync(partial)) throw new WorkbenchError('not_found', `No upload ${id} in progress`, { field: 'uploadId' }, reason('field_invalid', { field: 'uploadId' }));
  const received = sizeOf(partial);
  if (received !== size) throw new WorkbenchError('bad_input', `Upload ${id} (${name}) has ${received} bytes, the sender says ${size}; send the rest`, { field: 'size', received }, reason('remote_transfer_mismatch', { file: name }));
  const sha256 = await sha256OfFile(partial);
  if (expected && sha256 !== expected) {
    rmSync(partial);
    throw new WorkbenchError('bad_input', `Upload ${id} (${name}) arrived damaged: sha256 ${sha256}, the sender's ${expected}; it was discarded, send it again`, { field: 'sha256' }, reason('remote_transfer_mismatch', { file: name }));
  }
  const folder = join(paths.uploadsDir, id);
  mkdirSync(folder, { recursive: true });
  const target = join(folder, name);
  renameSync(partial, target);
  return { path: target, size, sha256 };
}
