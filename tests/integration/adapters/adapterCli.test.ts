import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSync, copyFileSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { readGguf, type GgufFile } from '../../../electron/engine/gguf/ggufReader.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { randomModule, writePeftFolder } from '../../helpers/foreignAdapters.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('adapter-cli');
const work = createTempHome('adapter-cli-files');
const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off' });
afterAll(() => {
  home.cleanup();
  work.cleanup();
});

let base: string;
let adapter: string;
beforeAll(async () => {
  base = await fixtureModel('tiny-base');
  adapter = await fixtureLoraAdapter('tiny-base', { rank: 4, alpha: 8, seed: 21 });
});

function tensorBytes(file: GgufFile): Buffer[] {
  const fd = openSync(file.path, 'r');
  try {
    return file.tensors.map((tensor) => {
      const bytes = Buffer.alloc(tensor.byteSize);
      readSync(fd, bytes, 0, bytes.length, tensor.fileOffset);
      return bytes;
    });
  } finally {
    closeSync(fd);
  }
}

describe('workbench adapter export / import', () => {
  it('export --format peft then import --base gives back the same tensors (--json on both)', async () => {
    const out = join(work.path, 'peft');
    const exported = JSON.parse((await workbench('adapter', 'export', '--lora', adapter, '--format', 'peft', '--out', out, '--base', base, '--base-model-id', 'acme/tiny', '--json')).stdout);
    expect(exported).toMatchObject({ r: 4, loraAlpha: 8, baseModel: { id: 'acme/tiny', source: 'option' } });
    expect(JSON.parse(readFileSync(join(out, 'adapter_config.json'), 'utf8')).base_model_name_or_path).toBe('acme/tiny');

    const back = join(work.path, 'back.gguf');
    const imported = JSON.parse((await workbench('adapter', 'import', '--from', out, '--base', base, '--out', back, '--json')).stdout);
    expect(imported).toMatchObject({ path: back, format: 'peft', alpha: 8, ranks: [4] });
    expect(imported.permutedQK).toHaveLength(4);
    const original = readGguf(adapter);
    const returned = readGguf(back);
    expect(returned.tensors.map((tensor) => tensor.name)).toEqual(original.tensors.map((tensor) => tensor.name));
    expect(tensorBytes(returned)).toEqual(tensorBytes(original));
  });

  it('import adds the adapter to the library for its base (unless --no-library); export then finds it by name, base included', async () => {
    const from = writePeftFolder(join(work.path, 'to-library'), [randomModule('model.layers.0.self_attn.q_proj', 4, 64, 64)], { r: 4, lora_alpha: 8 });
    const imported = JSON.parse((await workbench('adapter', 'import', '--from', from, '--base', base, '--out', join(work.path, 'in-library.gguf'), '--name', 'my-import', '--json')).stdout);
    expect(imported.library).toMatchObject({ name: 'my-import' });
    const loose = JSON.parse((await workbench('adapter', 'import', '--from', from, '--base', base, '--out', join(work.path, 'loose-import.gguf'), '--no-library', '--json')).stdout);
    expect(loose.library).toBeNull();

    const { stdout } = await workbench('adapter', 'export', '--lora', 'my-import', '--out', join(work.path, 'from-library'));
    expect(stdout).toMatch(/Wrote .*from-library \(PEFT\): r 4, lora_alpha 8, target_modules q_proj/);
    expect(stdout).toMatch(/q\/k rows put back in Hugging Face's order for 1 tensors/);
    const missing = await failing('adapter', 'export', '--lora', 'loose-import', '--out', join(work.path, 'nowhere'));
    expect(missing.stderr).toMatch(/No adapter file or library adapter named "loose-import"/);
  });

  it('fails with one line naming the problem: unknown format, unmappable module, q/k without a base', async () => {
    const format = await failing('adapter', 'export', '--lora', adapter, '--format', 'mlx', '--out', join(work.path, 'x'));
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/--format must be peft/);

    const fused = writePeftFolder(join(work.path, 'fused'), [randomModule('model.layers.0.self_attn.qkv_proj', 4, 64, 128)], { r: 4 });
    const unmappable = await failing('adapter', 'import', '--from', fused, '--base', base, '--out', join(work.path, 'fused.gguf'));
    expect(unmappable.code).toBe(1);
    expect(unmappable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unmappable.stderr).toMatch(/no llama\.cpp tensor for module model\.layers\.0\.self_attn\.qkv_proj/);

    // A copy the library does not know, so no base comes with it.
    const loose = join(work.path, 'loose.gguf');
    copyFileSync(adapter, loose);
    const noBase = await failing('adapter', 'export', '--lora', loose, '--out', join(work.path, 'no-base'));
    expect(noBase.stderr).toMatch(/adapts blk\.0\.attn_q\.weight of a llama model.*give the base model/);
  });
});
