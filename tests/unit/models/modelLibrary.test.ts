import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelsMigration } from '../../../electron/engine/store/migrations/008_models.ts';
import { ModelLibrary } from '../../../electron/engine/models/modelLibrary.ts';
import { scanModelFolder } from '../../../electron/engine/models/scanModelFolder.ts';
import { sha256OfFile } from '../../../electron/engine/models/fileHashes.ts';
import { writeGguf } from '../../../electron/engine/gguf/ggufWriter.ts';
import { gguf } from '../../../electron/engine/gguf/ggufValues.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchErrorOf } from '../../helpers/workbenchErrorOf.ts';

describe('model library (migration 008)', () => {
  const home = createTempHome('library');
  let db: BetterSqlite3.Database;
  let library: ModelLibrary;
  let base: string;
  let chat: string;
  let adapter: string;

  beforeAll(async () => {
    const folder = join(home.path, 'models', 'nested');
    mkdirSync(folder, { recursive: true });
    base = join(home.path, 'models', 'tiny-base.gguf');
    chat = join(folder, 'tiny-chat-instruct.gguf');
    adapter = join(folder, 'tiny-lora.gguf');
    copyFileSync(await fixtureModel('tiny-base'), base);
    copyFileSync(await fixtureModel('tiny-chat'), chat);
    copyFileSync(await fixtureLoraAdapter('tiny-base'), adapter);
    writeFileSync(join(folder, 'notes.gguf'), 'this is not a model');
  });
  afterAll(() => home.cleanup());
  beforeEach(() => {
    db = new BetterSqlite3(':memory:');
    modelsMigration.up(db);
    library = new ModelLibrary(db);
  });

  it('adds a file with what its GGUF header says, once', () => {
    const { model, added } = library.add(base, { source: 'file' });
    expect(added).toBe(true);
    expect(model).toMatchObject({ path: base, fileName: 'tiny-base.gguf', architecture: 'llama', exists: true, kind: 'base', hasChatTemplate: false, tags: [] });
    expect(model.parameterCount).toBeGreaterThan(0);
    expect(library.add(base, { source: 'file' })).toEqual({ model, added: false });
    expect(library.list()).toHaveLength(1);
  });

  it('marks a model with a chat template as chat and lets the user override, rename and tag', () => {
    const { model } = library.add(chat, { source: 'file' });
    expect(model.kind).toBe('chat');
    expect(model.kindHints).toContain('chat-template');
    const changed = library.update(model.id, { kindOverride: 'base', name: 'My chat', tags: ['small', 'small', 'test'] });
    expect(changed).toMatchObject({ kind: 'base', detectedKind: 'chat', kindOverride: 'base', name: 'My chat', tags: ['small', 'test'] });
    expect(library.update(model.id, { kindOverride: null }).kind).toBe('chat');
    const other = library.add(base, { source: 'file' }).model;
    expect(workbenchErrorOf(() => library.update(other.id, { name: 'my CHAT' })).code).toBe('conflict');
  });

  it('resolves a model by id, by name in any case, or by path', () => {
    const { model } = library.add(base, { source: 'file', name: 'Base One' });
    expect(library.resolve(model.id)).toEqual({ path: base, modelId: model.id, name: 'Base One' });
    expect(library.resolve('base one').modelId).toBe(model.id);
    expect(library.resolve(base).modelId).toBe(model.id);
    expect(library.resolve(chat)).toMatchObject({ path: chat, modelId: null });
    expect(workbenchErrorOf(() => library.resolve('nothing-like-this')).details).toMatchObject({ field: 'model' });
  });

  it('refuses adapters and non-GGUF files with the file named', () => {
    const notAdapter = workbenchErrorOf(() => library.add(adapter, { source: 'file' }));
    expect(notAdapter.message).toContain('LoRA adapter');
    expect(notAdapter.details).toMatchObject({ file: adapter });
    expect(workbenchErrorOf(() => library.add(join(home.path, 'models', 'nested', 'notes.gguf'), { source: 'file' })).message).toMatch(/not a GGUF/);
  });

  it('scans a folder: adds models, skips adapters and broken files with a reason', () => {
    library.add(base, { source: 'file' });
    const outcome = scanModelFolder(library, join(home.path, 'models'), true);
    expect(outcome.added.map((model) => model.path)).toEqual([chat]);
    expect(outcome.alreadyInLibrary).toBe(1);
    expect(outcome.skipped.map((skip) => skip.path).sort()).toEqual([join(home.path, 'models', 'nested', 'notes.gguf'), adapter].sort());
    expect(scanModelFolder(library, join(home.path, 'models'), false).alreadyInLibrary).toBe(1);
  });

  it("skips the trainer's own checkpoints and other non-models, with a reason code for each", async () => {
    const runs = join(home.path, 'runs', 'run-1', 'checkpoint-2');
    mkdirSync(runs, { recursive: true });
    // What native/src/trainer_session_files.cpp writes: general.type = workbench-training-state, with tensors.
    const state = join(runs, 'state.gguf');
    await writeGguf(state, {
      metadata: new Map([['general.architecture', gguf.string('llama')], ['general.type', gguf.string('workbench-training-state')]]),
      tensors: [{ name: 'opt.m.0', type: 'F32', dims: [4], values: new Float32Array(4) }],
    });
    const vocabOnly = join(runs, 'vocab.gguf');
    await writeGguf(vocabOnly, { metadata: new Map([['general.architecture', gguf.string('llama')]]), tensors: [] });
    const other = join(runs, 'mmproj.gguf');
    await writeGguf(other, {
      metadata: new Map([['general.architecture', gguf.string('clip')], ['general.type', gguf.string('mmproj')]]),
      tensors: [{ name: 'x', type: 'F32', dims: [4], values: new Float32Array(4) }],
    });
    copyFileSync(adapter, join(runs, 'adapter.gguf'));
    writeFileSync(join(runs, 'broken.gguf'), 'not a gguf');

    const outcome = scanModelFolder(library, join(home.path, 'runs'), true);
    expect(outcome.added).toEqual([]);
    const byName = Object.fromEntries(outcome.skipped.map((skip) => [skip.path.slice(runs.length + 1), { reason: skip.reason, detail: skip.detail }]));
    expect(byName).toMatchObject({
      'state.gguf': { reason: 'training-state', detail: null },
      'vocab.gguf': { reason: 'vocab-only', detail: null },
      'mmproj.gguf': { reason: 'other-type', detail: 'mmproj' },
      'adapter.gguf': { reason: 'adapter', detail: null },
      'broken.gguf': { reason: 'unreadable' },
    });
    expect(byName['broken.gguf']?.detail).toMatch(/GGUF/);
    expect(library.list()).toEqual([]);
    expect(workbenchErrorOf(() => library.add(state, { source: 'file' })).details).toMatchObject({ file: state, field: 'general.type' });
  });

  it('removes the entry but keeps the file unless deleting is confirmed with the file name', async () => {
    const copy = join(home.path, 'models', 'to-delete.gguf');
    copyFileSync(base, copy);
    const { model } = library.add(copy, { source: 'file' });
    expect(workbenchErrorOf(() => library.remove(model.id, true, 'wrong.gguf')).details).toMatchObject({ field: 'confirmFileName' });
    expect(existsSync(copy)).toBe(true);
    expect(library.remove(model.id, true, 'to-delete.gguf')).toEqual({ removed: true, fileDeleted: true });
    expect(existsSync(copy)).toBe(false);
    const kept = library.add(base, { source: 'file' }).model;
    expect(library.remove(kept.id, false, undefined)).toEqual({ removed: true, fileDeleted: false });
    expect(existsSync(base)).toBe(true);
    expect(library.list()).toEqual([]);
  });

  it('hashes a file once and shows the hash while the file is unchanged', async () => {
    const { model } = library.add(base, { source: 'file' });
    expect(model.sha256).toBeNull();
    const hash = await library.sha256(base);
    expect(hash).toBe(await sha256OfFile(base));
    expect(library.get(model.id)?.sha256).toBe(hash);
  });
});
