import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRemote, type RemoteClient } from '../../../electron/engine/remote/remoteClient.ts';
import { remoteJobResult, runRemoteJob } from '../../../electron/engine/remote/remoteJobs.ts';
import { startWorkbenchServer, type RunningServer } from '../../../electron/server/workbenchServer.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import type { LibraryAdapter } from '../../../electron/shared/contract/adapters.ts';
import type { ModelEntry } from '../../../electron/shared/contract/models.ts';
import type { TransferResult } from '../../../electron/shared/contract/remote.ts';
import type { TrainingRunDetail } from '../../../electron/shared/contract/training.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { createTestEngine } from '../../helpers/testEngine.ts';
import { collectJob } from '../inference/collectJob.ts';
import { conversationsJsonl, qaPairs, tinySftConfig } from '../training/trainingHelpers.ts';

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const key = 'a-long-enough-test-key-0123456789';

/** The WorkbenchError a call rejects with. */
async function workbenchErrorOf(call: Promise<unknown>): Promise<WorkbenchError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected a WorkbenchError');
}

/**
 * "A bigger box": two engines on loopback, each with its own data home and port. The box's engine listens with an
 * access key; the desk's engine (driven, like the app's UI, over its own wire protocol) sends it a model and a
 * dataset, the box trains, the desk brings the adapter back, and every file matches its sha256 on the other side.
 */
describe('driving a workbench engine on another machine', () => {
  const desk = createTestEngine('remote-desk');
  const box = createTestEngine('remote-box');
  const files = createTempHome('remote-files');
  let deskServer: RunningServer;
  let boxServer: RunningServer;
  let ui: RemoteClient;

  beforeAll(async () => {
    process.env.WORKBENCH_GPU = 'off';
    boxServer = await startWorkbenchServer({ engine: box, port: 0, rendererDir: files.path, accessKey: key });
    deskServer = await startWorkbenchServer({ engine: desk, port: 0, rendererDir: files.path });
    expect(boxServer.port).not.toBe(deskServer.port);
    // The desk's UI talks to its own engine without a key, as the browser transport does on loopback.
    ui = await connectRemote({ url: deskServer.url, key: null });
  });
  afterAll(async () => {
    ui?.close();
    await boxServer?.close();
    await deskServer?.close();
    await desk.dispose();
    await box.dispose();
    files.cleanup();
  });

  it('refuses to listen beyond loopback without a key, and refuses a missing or wrong key by name', async () => {
    await expect(startWorkbenchServer({ engine: box, host: '0.0.0.0', port: 0, rendererDir: files.path })).rejects.toThrow(/Refusing to serve the workbench engine on 0\.0\.0\.0 without an access key/);
    const wrong = await workbenchErrorOf(ui.call('remote.check', { url: boxServer.url, key: 'not-the-key-at-all-000' }));
    expect([wrong.code, wrong.message, wrong.details?.reason]).toEqual(['forbidden', 'Wrong access key for this workbench engine', 'wrong_key']);
    const missing = await workbenchErrorOf(ui.call('remote.check', { url: boxServer.url, key: null }));
    expect(missing.message).toContain('needs an access key');
    const http = await fetch(`${boxServer.url}/api/call/system.info`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nope-nope-nope-nope' }, body: '{}' });
    expect(http.status).toBe(401);
    const unreachable = await workbenchErrorOf(ui.call('remote.check', { url: 'http://127.0.0.1:9', key }));
    expect([unreachable.code, unreachable.message]).toEqual(['host_crashed', expect.stringContaining('Cannot reach the workbench engine at http://127.0.0.1:9') as unknown]);

    const info = await ui.call('remote.check', { url: boxServer.url, key });
    expect(info.dataHome).toBe(box.services.home.root);
  });

  it('uploads a model, an adapter and a dataset, trains on the box, downloads the adapter: hashes match on both sides', async () => {
    const modelPath = await fixtureModel('tiny-chat');
    const datasetPath = join(files.path, 'qa.jsonl');
    writeFileSync(datasetPath, conversationsJsonl(qaPairs));
    const transfer = async (method: 'remote.upload' | 'remote.download', input: unknown): Promise<TransferResult> => {
      const { finished } = await collectJob<TransferResult>(desk, method, input);
      expect(finished.state, finished.error?.message).toBe('done');
      return finished.result!;
    };

    const model = await transfer('remote.upload', { url: boxServer.url, key, path: modelPath, kind: 'model' });
    expect(model.sha256).toBe(sha256(modelPath));
    // Kept in the data home's uploads/, not tmp/: the remote library uses the model from there.
    expect(model.path.startsWith(join(box.services.home.root, 'uploads'))).toBe(true);
    expect(sha256(model.path)).toBe(model.sha256);
    const boxModels = (await box.call('models.list', {})) as ModelEntry[];
    expect(boxModels.map((entry) => [entry.id, entry.path])).toEqual([[model.modelId, model.path]]);

    const loraPath = await fixtureLoraAdapter('tiny-chat', { rank: 4 });
    const lora = await transfer('remote.upload', { url: boxServer.url, key, path: loraPath, kind: 'adapter', model: model.modelId, name: 'made on the desk' });
    const boxAdapters = (await box.call('adapters.list', { model: model.modelId! })) as LibraryAdapter[];
    expect(boxAdapters.map((entry) => [entry.id, entry.name, sha256(entry.path)])).toEqual([[lora.adapterId, 'made on the desk', sha256(loraPath)]]);

    const dataset = await transfer('remote.upload', { url: boxServer.url, key, path: datasetPath, kind: 'dataset', name: 'qa' });
    expect(dataset.datasetId).not.toBeNull();
    expect(sha256(dataset.path)).toBe(sha256(datasetPath));

    // The UI, now pointed at the box with the key, starts a short run there and follows it to its end.
    const boxUi = await connectRemote({ url: boxServer.url, key });
    let detail: TrainingRunDetail;
    try {
      const config = tinySftConfig(model.path, dataset.datasetId!, { epochs: 2, validation: undefined, evalEvery: 100, checkpointEvery: 100, samplePrompts: [] });
      let runId = '';
      const finished = await runRemoteJob(boxUi, async () => ({ runId } = await boxUi.call('training.start', { config })));
      remoteJobResult(finished, 'Training');
      detail = await boxUi.call('training.run', { runId });
    } finally {
      boxUi.close();
    }
    expect(detail.state).toBe('done');
    expect(detail.metrics.length).toBeGreaterThan(0);
    const remoteAdapter = detail.outputPath!;
    expect(remoteAdapter.startsWith(box.services.home.adaptersDir)).toBe(true);

    const localBase = ((await desk.call('models.add', { path: modelPath })) as { model: ModelEntry }).model;
    const adapter = await transfer('remote.download', { url: boxServer.url, key, remotePath: remoteAdapter, model: localBase.id, name: 'trained on the box' });
    expect(adapter.path.startsWith(desk.services.home.adaptersDir)).toBe(true);
    expect(adapter.sha256).toBe(sha256(remoteAdapter));
    expect(sha256(adapter.path)).toBe(sha256(remoteAdapter));
    expect(existsSync(`${adapter.path}.download.part`)).toBe(false);
    const library = (await desk.call('adapters.list', { model: localBase.id })) as LibraryAdapter[];
    expect(library.map((entry) => [entry.id, entry.name, entry.path])).toEqual([[adapter.adapterId, 'trained on the box', adapter.path]]);
  });

  it('serves downloads only from under the engine\'s data home or its libraries', async () => {
    const outside = join(files.path, 'secret.txt');
    writeFileSync(outside, 'not for the network');
    const { finished } = await collectJob<TransferResult>(desk, 'remote.download', { url: boxServer.url, key, remotePath: outside });
    expect([finished.state, finished.error?.code, finished.error?.message]).toEqual(['failed', 'forbidden', expect.stringContaining("outside the engine's data home") as unknown]);

    // An adapter the box's user added from elsewhere on that machine is in its library: that one may come back.
    const boxModel = ((await box.call('models.list', {})) as ModelEntry[])[0]!;
    const elsewhere = await fixtureLoraAdapter('tiny-chat', { rank: 4 });
    await box.call('adapters.add', { path: elsewhere, model: boxModel.id });
    const fetched = await collectJob<TransferResult>(desk, 'remote.download', { url: boxServer.url, key, remotePath: elsewhere });
    expect(fetched.finished.state, fetched.finished.error?.message).toBe('done');
    expect(sha256(fetched.finished.result!.path)).toBe(sha256(elsewhere));
  });
});
