import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ggufInspectionSchema } from '../../../electron/engine/gguf/ggufInspection.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('gguf-cli');
afterAll(() => home.cleanup());
const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path });

describe('workbench make-model → inspect', () => {
  it('round-trips the shape through the file', async () => {
    const out = join(home.path, 'chat.gguf');
    const made = await workbench(
      'make-model', '--out', out, '--layers', '3', '--embd', '48', '--heads', '6', '--kv-heads', '2', '--ffn', '80',
      '--vocab', '320', '--ctx', '512', '--type', 'f16', '--chat-template', 'chatml', '--seed', '9', '--json',
    );
    const written = JSON.parse(made.stdout) as { path: string; sizeBytes: number; parameterCount: number };
    expect(written.path).toBe(out);
    expect(written.sizeBytes).toBe(readFileSync(out).length);

    const inspected = await workbench('inspect', out, '--json');
    expect(inspected.stderr).toBe('');
    const info = ggufInspectionSchema.parse(JSON.parse(inspected.stdout));
    expect(info).toMatchObject({
      architecture: 'llama',
      layers: 3,
      embd: 48,
      heads: 6,
      kvHeads: 2,
      ffn: 80,
      vocabSize: 320,
      contextLength: 512,
      fileType: 'F16',
      tokenizerModel: 'llama',
      hasChatTemplate: true,
      parameterCount: written.parameterCount,
      sizeBytes: written.sizeBytes,
    });
    expect(info.specialTokens.eos?.text).toBe('<|im_end|>');
  });

  it('makes the same bytes for the same seed', async () => {
    const [a, b] = [join(home.path, 'a.gguf'), join(home.path, 'b.gguf')];
    await workbench('make-model', '--out', a, '--seed', '4', '--json');
    await workbench('make-model', '--out', b, '--seed', '4', '--json');
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
  });

  it('prints a human summary without --json', async () => {
    const out = join(home.path, 'base.gguf');
    await workbench('make-model', '--out', out);
    const { stdout } = await workbench('inspect', out);
    expect(stdout).toMatch(/llama · F32 · [\d,]+ parameters/);
    expect(stdout).toMatch(/eos=2 "<\/s>"/);
  });

  it('rejects a text file, a truncated GGUF and absurd counts with one line on stderr and nothing on stdout', async () => {
    const text = join(home.path, 'notes.txt');
    writeFileSync(text, 'just some notes\n');
    const model = join(home.path, 'whole.gguf');
    await workbench('make-model', '--out', model, '--json');
    const bytes = readFileSync(model);
    const truncated = join(home.path, 'truncated.gguf');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const absurd = join(home.path, 'absurd.gguf');
    const header = Buffer.from(bytes.subarray(0, 64));
    header.writeBigUInt64LE(1n << 61n, 8);
    writeFileSync(absurd, header);

    for (const [file, message] of [
      [text, /notes\.txt: is not a GGUF file.*looks like text/],
      [truncated, /truncated\.gguf: file is truncated/],
      [absurd, /absurd\.gguf: header claims 2305843009213693952 as the tensor count/],
      [join(home.path, 'missing.gguf'), /missing\.gguf: no such file/],
    ] as const) {
      const result = await failing('inspect', file, '--json');
      expect(result.code).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('names the flag when a shape is impossible', async () => {
    const result = await failing('make-model', '--out', join(home.path, 'x.gguf'), '--kv-heads', '3', '--json');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/--kv-heads: 3 must divide heads \(4\)/);
  });
});
