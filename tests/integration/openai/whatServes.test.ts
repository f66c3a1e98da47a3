import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServerStatus } from '../../../electron/shared/contract/apiServer.ts';
import type { SystemInfo } from '../../../electron/shared/contract/system.ts';
import { repoRoot } from '../../helpers/e2eBrowser.ts';
import { createModelsTestEngine } from '../models/modelsTestEngine.ts';
import { startOpenAiTestServer, type OpenAiTestServer } from './openAiTestServer.ts';

/** Settings says what really serves: the inference engine's version and where /v1 answers. */
describe('what serves, as Settings shows it', () => {
  let engine: ReturnType<typeof createModelsTestEngine>;
  let served: OpenAiTestServer | null = null;

  beforeAll(() => {
    engine = createModelsTestEngine('what-serves');
  });
  afterAll(async () => {
    await served?.server.close();
    await engine.dispose();
  });

  it("names node-llama-cpp's installed version", async () => {
    const installed = (JSON.parse(readFileSync(`${repoRoot}node_modules/node-llama-cpp/package.json`, 'utf8')) as { version: string }).version;
    expect(((await engine.call('system.info', {})) as SystemInfo).nodeLlamaCppVersion).toBe(installed);
  });

  it('reports the API mounted on the app server (serve --api) next to the stopped separate listener', async () => {
    expect(((await engine.call('apiServer.status', {})) as ApiServerStatus).mountedBaseUrl).toBeNull();
    served = await startOpenAiTestServer(engine);
    const status = (await engine.call('apiServer.status', {})) as ApiServerStatus;
    expect(status).toMatchObject({ running: false, mountedBaseUrl: served.baseURL });
    expect((await fetch(`${status.mountedBaseUrl!}/models`)).status).toBe(200);
  });
});
