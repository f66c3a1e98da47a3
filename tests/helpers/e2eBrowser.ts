import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startWorkbenchServer, type RunningServer } from '../../electron/server/workbenchServer.ts';
import { createTestEngine } from './testEngine.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const screenshotDir = join(repoRoot, 'test-output', 'screenshots');

/** Debian's Chromium (apt-get install chromium); Playwright never downloads a browser here. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('Chromium not found: install it with `apt-get install -y chromium` or set CHROMIUM_PATH');
  return found;
}

export interface E2eSession {
  page: Page;
  server: RunningServer;
  engine: ReturnType<typeof createTestEngine>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts a real engine + server on a free port, serving the built renderer (out/renderer), and opens Chromium. */
export async function openE2eSession(label: string): Promise<E2eSession> {
  const engine = createTestEngine(`e2e-${label}`);
  // WORKBENCH_E2E_RENDERER_DIR: a renderer built elsewhere (several checkouts or people building at once).
  const rendererDir = process.env.WORKBENCH_E2E_RENDERER_DIR ?? join(repoRoot, 'out', 'renderer');
  const server = await startWorkbenchServer({ engine, port: 0, rendererDir });
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
  await page.goto(server.url);
  mkdirSync(screenshotDir, { recursive: true });
  return {
    page,
    server,
    engine,
    async screenshot(name) {
      const file = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await server.close();
      await engine.dispose();
    },
  };
}
