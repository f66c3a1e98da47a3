/**
 * Generated GGUF models for tests: random-weight llama models that node-llama-cpp loads and runs in
 * milliseconds, written once into a shared cache and reused by every test file.
 *
 *   const base = await fixtureModel('tiny-base');   // SentencePiece byte-fallback vocab, no chat template
 *   const chat = await fixtureModel('tiny-chat');   // + ChatML template, <|im_start|>/<|im_end|> control tokens
 *   const wide = await fixtureModel('wide', { embd: 128, heads: 8, kvHeads: 4 });  // any shape
 *   const lora = await fixtureLoraAdapter('tiny-base', { rank: 8 });               // adapter for that base
 *
 * The cache lives in os.tmpdir()/llm-workbench-fixtures/<hash>/ where the hash covers the shape and the
 * generator's source, so a change to the generator never serves a stale model. Files appear atomically, so
 * parallel test workers generating the same model at once are harmless.
 *
 * Tip for tests that run a model: create contexts with `threads: 1`. On a busy machine ggml's multi-threaded
 * CPU path spins against other processes and a 20-token generation can take seconds instead of milliseconds.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeRandomLlamaModel } from '../../electron/engine/gguf/makeRandomLlamaModel.ts';
import { makeRandomLoraAdapter, type RandomLoraOptions } from '../../electron/engine/gguf/makeRandomLoraAdapter.ts';
import { resolveLlamaModelShape, type LlamaModelShapeInput } from '../../electron/engine/gguf/llamaModelShape.ts';

export const fixturePresets = {
  /**
   * 2 layers, embd 64, 4 heads / 2 KV heads, ffn 128, vocab 300, f32 — about 0.5 MB. The context is 1024 because
   * a 300-token vocabulary spells English nearly letter by letter: node-llama-cpp's default chat system prompt
   * alone is 257 tokens.
   */
  'tiny-base': { seed: 1, ctx: 1024 },
  /** Same shape with the ChatML template; eos is <|im_end|>. */
  'tiny-chat': { seed: 2, ctx: 1024, chatTemplate: 'chatml' },
} as const satisfies Record<string, LlamaModelShapeInput>;

export type FixturePreset = keyof typeof fixturePresets;

export const fixtureCacheRoot = join(tmpdir(), 'llm-workbench-fixtures');

const generatorDir = join(dirname(fileURLToPath(import.meta.url)), '../../electron/engine/gguf');
let generatorHash: string | null = null;
const pending = new Map<string, Promise<string>>();

function generatorSourceHash(): string {
  if (generatorHash) return generatorHash;
  const hash = createHash('sha256');
  for (const file of readdirSync(generatorDir).filter((name) => name.endsWith('.ts')).sort()) {
    hash.update(file).update(readFileSync(join(generatorDir, file)));
  }
  generatorHash = hash.digest('hex');
  return generatorHash;
}

function cachePath(kind: string, fileName: string, parameters: unknown): string {
  const key = createHash('sha256').update(generatorSourceHash()).update(kind).update(JSON.stringify(parameters)).digest('hex').slice(0, 16);
  const dir = join(fixtureCacheRoot, key);
  mkdirSync(dir, { recursive: true });
  return join(dir, fileName);
}

function once(path: string, generate: () => Promise<unknown>): Promise<string> {
  let promise = pending.get(path);
  if (!promise) {
    promise = existsSync(path) ? Promise.resolve(path) : generate().then(() => path);
    promise.catch(() => pending.delete(path));
    pending.set(path, promise);
  }
  return promise;
}

function presetShape(name: string, shape: LlamaModelShapeInput | undefined): LlamaModelShapeInput {
  const preset = (fixturePresets as Record<string, LlamaModelShapeInput | undefined>)[name];
  if (!preset && !shape) throw new Error(`fixtureModel("${name}"): not a preset (${Object.keys(fixturePresets).join(', ')}); pass a shape`);
  return { ...preset, ...shape };
}

/**
 * Path of a generated model: a preset ('tiny-base', 'tiny-chat'), a preset with some fields overridden, or any
 * name with a full shape. `name` only labels the file; the shape alone decides its content.
 */
export async function fixtureModel(name: FixturePreset | (string & {}), shape?: LlamaModelShapeInput): Promise<string> {
  const resolved = resolveLlamaModelShape(presetShape(name, shape));
  const path = cachePath('model', `${name.replace(/[^\w.-]/g, '_')}.gguf`, resolved);
  return once(path, () => makeRandomLlamaModel(path, resolved));
}

/** Path of a generated LoRA adapter for a preset base (or a preset with overrides); B is non-zero, so it changes outputs. */
export async function fixtureLoraAdapter(base: FixturePreset | (string & {}) = 'tiny-base', lora: RandomLoraOptions = {}, baseShape?: LlamaModelShapeInput): Promise<string> {
  const resolved = resolveLlamaModelShape(presetShape(base, baseShape));
  const path = cachePath('lora', `${base.replace(/[^\w.-]/g, '_')}-lora.gguf`, { resolved, lora });
  return once(path, () => makeRandomLoraAdapter(path, resolved, lora));
}
