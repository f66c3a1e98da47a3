import { net, protocol } from 'electron';
import { existsSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RENDERER_CSP } from '../server/staticFiles.ts';
import { APP_HOST, APP_PROTOCOL } from './windowSecurity.ts';

/** Must run before app 'ready': lets app:// behave like https (fetch, storage) without file:// privileges. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** Serves only files under the built renderer folder; everything else is 404. */
export function serveRendererOverAppProtocol(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_PROTOCOL, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    let file = resolve(join(root, normalize(decodeURIComponent(url.pathname))));
    if (file !== root && !file.startsWith(root + sep)) return new Response('Forbidden', { status: 403 });
    if (!existsSync(file) || file === root) file = join(root, 'index.html');
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', RENDERER_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
