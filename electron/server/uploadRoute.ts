import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const MAX_UPLOAD_BYTES = 8 * 1024 ** 3;

/**
 * Browser mode has no file paths: the page streams a chosen file here and gets back a path inside the data home
 * that engine methods (dataset import, model add) accept like any other path. With `folder=<token>` the files
 * keep their names inside one folder, for inputs that are folders (adapters, a trainer's output).
 */
export async function handleUpload(uploadsDir: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://x');
  const name = basename(url.searchParams.get('name') ?? 'upload').replace(/[^\w.\-\u4e00-\u9fff]/g, '_') || 'upload';
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_UPLOAD_BYTES) {
    response.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad_input', message: `${name} is larger than 8 GiB` } }));
    return;
  }
  // Files of one folder (a PEFT adapter: adapter_config.json + adapter_model.safetensors) share a folder token.
  const folder = url.searchParams.get('folder');
  if (folder !== null && !/^[\w-]{1,64}$/.test(folder)) {
    response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'bad_input', message: `folder "${folder}" must be 1–64 letters, digits, - or _`, details: { field: 'folder' } } }));
    return;
  }
  const dir = folder === null ? uploadsDir : join(uploadsDir, `folder-${folder}`);
  mkdirSync(dir, { recursive: true });
  const target = folder === null ? join(dir, `${randomUUID()}-${name}`) : join(dir, name);
  await pipeline(request, createWriteStream(target));
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: target, ...(folder === null ? {} : { folder: dir }) }));
}
