import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LibraryAdapter } from '../../../electron/shared/contract/adapters.ts';
import { fixtureLoraAdapter, fixtureModel } from '../../helpers/fixtureModels.ts';
import { createTempHome } from '../../helpers/tempHome.ts';
import { workbenchCli } from '../../helpers/workbenchCli.ts';

const home = createTempHome('adapter-library-cli');
const { workbench, failing } = workbenchCli({ ...process.env, WORKBENCH_HOME: home.path, WORKBENCH_GPU: 'off', WORKBENCH_THREADS: '1' });

describe('workbench adapter add / list', () => {
  let chat: string;
  let chatName: string;
  beforeAll(async () => {
    chat = await fixtureModel('tiny-chat');
    chatName = (JSON.parse((await workbench('models', 'add', chat, '--json')).stdout) as { model: { name: string } }).model.name;
  });
  afterAll(() => home.cleanup());

  it('adds a fitting adapter for a library base and lists it; a misfit exits non-zero naming the tensor', async () => {
    const added = JSON.parse((await workbench('adapter', 'add', '--model', chatName, '--path', await fixtureLoraAdapter('tiny-chat', { rank: 4 }), '--name', 'cli-sft', '--json')).stdout) as {
      adapter: LibraryAdapter;
      added: boolean;
    };
    expect(added).toMatchObject({ added: true, adapter: { name: 'cli-sft', baseModelPath: chat, source: 'file' } });
    const listed = JSON.parse((await workbench('adapter', 'list', '--model', chat, '--json')).stdout) as LibraryAdapter[];
    expect(listed.map((adapter) => adapter.name)).toEqual(['cli-sft']);
    const refused = await failing('adapter', 'add', '--model', chatName, '--path', await fixtureLoraAdapter('tiny-chat', { rank: 4 }, { ffn: 192 }), '--json');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/blk\.0\.ffn_\w+\.weight/);
  });
});
