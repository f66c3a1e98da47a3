import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { isAllowedRequest } from '../../../electron/server/originPolicy.ts';
import { RENDERER_CSP } from '../../../electron/server/staticFiles.ts';
import { isAllowedNavigation, isTrustedSenderUrl, secureWebPreferences } from '../../../electron/main/windowSecurity.ts';

const request = (headers: Record<string, string>): IncomingMessage => ({ headers }) as unknown as IncomingMessage;

describe('window security settings', () => {
  it('sandboxes every window with context isolation and no Node in the page', () => {
    expect(secureWebPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('trusts only the app protocol as an IPC sender and navigation target', () => {
    expect(isTrustedSenderUrl('app://workbench/index.html')).toBe(true);
    expect(isTrustedSenderUrl('https://evil.example/')).toBe(false);
    expect(isTrustedSenderUrl('file:///etc/passwd')).toBe(false);
    expect(isTrustedSenderUrl('app://other-host/')).toBe(false);
    expect(isTrustedSenderUrl(undefined)).toBe(false);
    expect(isAllowedNavigation('https://example.com')).toBe(false);
  });

  it('serves the UI with a strict CSP: no remote scripts, no eval, no framing', () => {
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
    expect(RENDERER_CSP).toContain("object-src 'none'");
    expect(readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8')).toContain("script-src 'self'");
  });

  it('main process windows deny window.open and guard navigation', () => {
    const main = readFileSync(new URL('../../../electron/main/index.ts', import.meta.url), 'utf8');
    expect(main).toContain("return { action: 'deny' }");
    expect(main).toContain("'will-navigate'");
    expect(main).toContain('secureWebPreferences');
  });
});

describe('local server origin policy', () => {
  it('accepts its own pages and non-browser clients on loopback', () => {
    expect(isAllowedRequest(request({ host: '127.0.0.1:5317' }), '127.0.0.1', 5317)).toBe(true);
    expect(isAllowedRequest(request({ host: 'localhost:5317', origin: 'http://localhost:5317' }), '127.0.0.1', 5317)).toBe(true);
  });

  it('refuses other origins, foreign Host headers (DNS rebinding) and wrong ports', () => {
    expect(isAllowedRequest(request({ host: '127.0.0.1:5317', origin: 'https://evil.example' }), '127.0.0.1', 5317)).toBe(false);
    expect(isAllowedRequest(request({ host: 'evil.example:5317' }), '127.0.0.1', 5317)).toBe(false);
    expect(isAllowedRequest(request({ host: '127.0.0.1:9999' }), '127.0.0.1', 5317)).toBe(false);
    expect(isAllowedRequest(request({}), '127.0.0.1', 5317)).toBe(false);
  });
});
