import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubFile {
  readonly bytes: Buffer;
  /** What the hub states as the sha256 (x-linked-etag); defaults to the real one. */
  readonly statedSha256?: string;
  /** Drop the connection after this many bytes on the first full (non-range) request. */
  readonly dropAfterBytes?: number;
  /** Send the body in chunks of this size with a pause between them, so a test can cancel mid-way. */
  readonly slowChunkBytes?: number;
}

export interface FakeHub {
  readonly url: string;
  /** Every request the CDN part saw: its Range header (or null). */
  readonly cdnRanges: (string | null)[];
  close(): Promise<void>;
}

/**
 * A local stand-in for huggingface.co: `/<owner>/<repo>/resolve/<rev>/<file>` answers 302 with x-linked-etag
 * (sha256) and x-linked-size, like the hub does for LFS files, and the CDN it redirects to serves byte ranges.
 */
export async function startFakeHub(files: Record<string, HubFile>): Promise<FakeHub> {
  const cdnRanges: (string | null)[] = [];
  const dropped = new Set<string>();
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const resolve = /^\/([^/]+)\/([^/]+)\/resolve\/[^/]+\/(.+)$/.exec(url.pathname);
    if (resolve) {
      const key = `${resolve[1]}/${resolve[2]}/${decodeURIComponent(resolve[3]!)}`;
      const file = files[key];
      if (!file) {
        response.writeHead(404).end('Entry not found');
        return;
      }
      response.writeHead(302, {
        location: `/cdn/${encodeURIComponent(key)}`,
        'x-linked-etag': `"${file.statedSha256 ?? createHash('sha256').update(file.bytes).digest('hex')}"`,
        'x-linked-size': String(file.bytes.length),
      });
      response.end();
      return;
    }
    if (url.pathname.startsWith('/cdn/')) {
      const key = decodeURIComponent(url.pathname.slice('/cdn/'.length));
      const file = files[key];
      if (!file) {
        response.writeHead(404).end();
        return;
      }
      cdnRanges.push(request.headers.range ?? null);
      serveBytes(request, response, file, key, dropped);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cdnRanges,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serveBytes(request: IncomingMessage, response: ServerResponse, file: HubFile, key: string, dropped: Set<string>): void {
  const total = file.bytes.length;
  const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  if (start >= total && range) {
    response.writeHead(416, { 'content-range': `bytes */${total}` }).end();
    return;
  }
  const body = file.bytes.subarray(start);
  response.writeHead(range ? 206 : 200, {
    'content-length': String(body.length),
    'accept-ranges': 'bytes',
    ...(range ? { 'content-range': `bytes ${start}-${total - 1}/${total}` } : {}),
  });
  if (!range && file.dropAfterBytes !== undefined && !dropped.has(key)) {
    dropped.add(key);
    // Drop the connection a moment after the first part is handed to the kernel: destroying at once can race the
    // client still reading it on a loaded machine, and then there is nothing to resume from.
    response.write(body.subarray(0, file.dropAfterBytes), () => setTimeout(() => response.socket?.destroy(), 200));
    return;
  }
  if (file.slowChunkBytes === undefined) {
    response.end(body);
    return;
  }
  let offset = 0;
  const sendNext = (): void => {
    if (response.destroyed) return;
    if (offset >= body.length) {
      response.end();
      return;
    }
    const chunk = body.subarray(offset, offset + file.slowChunkBytes!);
    offset += chunk.length;
    response.write(chunk, () => setTimeout(sendNext, 20));
  };
  sendNext();
}
