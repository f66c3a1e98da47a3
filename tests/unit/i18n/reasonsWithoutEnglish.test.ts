import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAdapterFitsBase } from '../../../electron/engine/adapters/adapterShape.ts';
import { fitToBase } from '../../../electron/engine/adapters/interop/fitToBase.ts';
import { permuteHeadRows } from '../../../electron/engine/adapters/interop/qkPermutation.ts';
import type { BaseModelFacts } from '../../../electron/engine/adapters/interop/baseModelFacts.ts';
import type { LoraPair } from '../../../electron/engine/adapters/interop/loraPair.ts';
import type { GgufFile, GgufTensorInfo } from '../../../electron/engine/gguf/ggufReader.ts';
import { gguf } from '../../../electron/engine/gguf/ggufValues.ts';
import { addonMissingError, buildFailureReason, toWorkbenchError } from '../../../electron/engine/training/native/nativeAddon.ts';
import { reason } from '../../../electron/shared/contract/errorReasons.ts';
import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';
import { errorText } from '../../../renderer/src/api/errorText.ts';
import { i18nResources } from '../../../renderer/src/i18n/resources.ts';
import { workbenchErrorOf } from '../../helpers/workbenchErrorOf.ts';

/**
 * Reasons whose params used to carry an English sentence (`detail`) now carry the tensor and shapes, the tool that
 * is missing, or nothing: the Chinese interface says them without English.
 */
describe('adapter, build and native reasons without English params', () => {
  let zh: I18n;
  beforeAll(async () => {
    zh = i18next.createInstance();
    await zh.init({ resources: i18nResources, lng: 'zh', defaultNS: 'common', interpolation: { escapeValue: false } });
  });

  const tensor = (name: string, dims: number[]): GgufTensorInfo =>
    ({ name, dims, type: 'F32', typeId: 0, elementCount: dims.reduce((a, b) => a * b, 1), offset: 0, byteLength: 0 }) as unknown as GgufTensorInfo;
  const file = (path: string, type: string, tensors: GgufTensorInfo[]): GgufFile => ({
    path,
    version: 3,
    sizeBytes: 0,
    alignment: 32,
    dataOffset: 0,
    metadata: new Map([
      ['general.type', gguf.string(type)],
      ['general.architecture', gguf.string('llama')],
    ]),
    tensors,
  });
  const base = file('/models/base.gguf', 'model', [tensor('blk.0.attn_q.weight', [64, 64]), tensor('blk.0.ffn_up.weight', [64, 128])]);

  it('an adapter of another shape names the weight, its shape and the pair', () => {
    const adapter = file('/adapters/wide.gguf', 'adapter', [tensor('blk.0.attn_q.weight.lora_a', [128, 8]), tensor('blk.0.attn_q.weight.lora_b', [8, 128])]);
    const error = workbenchErrorOf(() => checkAdapterFitsBase(adapter, base));
    expect(error.reason).toEqual({
      key: 'adapter_base_mismatch',
      params: { adapter: adapter.path, base: base.path, tensor: 'blk.0.attn_q.weight', expected: '[64, 64]', actual: 'A [128, 8] · B [8, 128]' },
    });
    expect(errorText(zh.t, error)).toBe(
      '适配器 /adapters/wide.gguf 不是为模型 /models/base.gguf 训练的：blk.0.attn_q.weight 在模型中是 [64, 64]，而适配器对应的一对张量是 A [128, 8] · B [8, 128]。它是否在另一个模型上训练？',
    );
  });

  it('an adapter of a weight the base lacks, and one with half a pair', () => {
    const extra = file('/adapters/extra.gguf', 'adapter', [tensor('blk.7.attn_q.weight.lora_a', [64, 8]), tensor('blk.7.attn_q.weight.lora_b', [8, 64])]);
    expect(workbenchErrorOf(() => checkAdapterFitsBase(extra, base)).reason).toEqual({
      key: 'adapter_tensor_not_in_base',
      params: { adapter: extra.path, base: base.path, tensor: 'blk.7.attn_q.weight' },
    });
    const half = file('/adapters/half.gguf', 'adapter', [tensor('blk.0.attn_q.weight.lora_a', [64, 8])]);
    const error = workbenchErrorOf(() => checkAdapterFitsBase(half, base));
    expect(error.reason).toEqual({ key: 'adapter_pair_incomplete', params: { adapter: half.path, tensor: 'blk.0.attn_q.weight.lora_b' } });
    expect(errorText(zh.t, error)).toBe('适配器 /adapters/half.gguf 不完整：缺少 blk.0.attn_q.weight.lora_b。');
  });

  it('an imported PEFT adapter that does not fit names the first misfit in the base\'s names and shapes', () => {
    const facts = { path: '/models/base.gguf', matrices: new Map([['blk.0.attn_q.weight', [64, 64]]]) } as unknown as BaseModelFacts;
    const pair = { target: 'blk.0.attn_q.weight', source: 'model.layers.0.self_attn.q_proj', rank: 4, inputs: 128, outputs: 64 } as LoraPair;
    const error = workbenchErrorOf(() => fitToBase([pair], facts, 'adapter_model.safetensors'));
    expect(error.message).toMatch(/q_proj \(128 in → 64 out\) does not fit blk\.0\.attn_q\.weight/);
    expect(error.reason).toEqual({
      key: 'adapter_base_mismatch',
      params: { adapter: 'adapter_model.safetensors', base: '/models/base.gguf', tensor: 'blk.0.attn_q.weight', expected: '[64, 64]', actual: 'A [128, 4] · B [4, 64]' },
    });
  });

  it('q/k rows that do not split into the base\'s heads name the tensor, the rows and the heads', () => {
    const error = workbenchErrorOf(() => permuteHeadRows(new Float32Array(12), 6, 2, 4, 'hf-to-gguf', 'model.layers.0.self_attn.q_proj.lora_B'));
    expect(error.reason).toEqual({ key: 'interop_heads_uneven', params: { tensor: 'model.layers.0.self_attn.q_proj.lora_B', rows: 6, heads: 4 } });
    expect(errorText(zh.t, error)).toContain('6 个输出行无法均分为 4 个大小为偶数的注意力头');
  });

  // One row per cause native/scripts/build.mjs states on its last line, as npm install records it.
  const buildCauses: [string, unknown][] = [
    ['cmake is not on PATH: install cmake >= 3.19 and a C++17 compiler', { key: 'trainer_addon_tool_missing', params: { tool: 'cmake' } }],
    ['git is not on PATH: it is needed to unpack the llama.cpp bundle', { key: 'trainer_addon_tool_missing', params: { tool: 'git' } }],
    ['WORKBENCH_CUDA=1 but nvcc is not on PATH: install the CUDA toolkit or unset it', { key: 'trainer_addon_tool_missing', params: { tool: 'nvcc' } }],
    ['cmake could not start: spawn cmake EACCES', { key: 'trainer_addon_tool_missing', params: { tool: 'cmake' } }],
    ['no C++ compiler on PATH: install g++ or clang++ (C++17), or name one in $CXX', { key: 'trainer_addon_compiler_missing', params: {} }],
    ['cmake --build /cache/build --target workbench_trainer --config Release -j 2 exited with 1', { key: 'trainer_addon_build_failed', params: {} }],
    ['native/scripts/build.mjs exited with 1', { key: 'trainer_addon_build_failed', params: {} }],
  ];
  it.each(buildCauses)('install failure "%s" becomes a reason without its English', (cause, expected) => {
    expect(buildFailureReason(cause)).toEqual(expected);
    const error = addonMissingError([], cause);
    expect(error.reason).toEqual(expected);
    expect(errorText(zh.t, error)).not.toContain(cause);
  });

  it('a run that cannot be resumed names its state in the interface language, not the database word', () => {
    const error = new WorkbenchError('conflict', 'Run "sft-1" is running; only paused, interrupted or cancelled runs can be resumed', undefined, reason('run_not_resumable', { run: 'sft-1', state: 'running' }));
    expect(errorText(zh.t, error)).toBe('训练“sft-1”的状态是“运行中”：只有已暂停、已中断或已取消的训练才能恢复。');
  });

  it('a host that restarts is named in the interface language', () => {
    const error = new WorkbenchError('host_crashed', 'The trainer process exited with code 1. It is restarting; nothing saved was lost.', undefined, reason('host_restarting', { host: 'trainer' }));
    expect(errorText(zh.t, error)).toBe('训练进程意外停止，正在重启；已保存的内容都没有丢失。');
  });

  it('a native error keeps a reason the contract knows and drops one it does not', () => {
    const thrown = Object.assign(new Error('merge: could not write /out.gguf (disk full?)'), { code: 'internal', reason: { key: 'write_failed', params: { file: '/out.gguf' } } });
    const error = toWorkbenchError(thrown);
    expect(error.code).toBe('internal');
    expect(errorText(zh.t, error)).toBe('无法写入 /out.gguf：请检查磁盘空间是否充足、文件夹是否可写。');
    const unknown = toWorkbenchError(Object.assign(new Error('x'), { code: 'bad_input', reason: { key: 'from_a_newer_addon', params: {} } }));
    expect(unknown.reason).toBeUndefined();
    expect(unknown.message).toBe('x');
  });

  it('row kinds, dataset kinds, training modes and a blind round’s state are named in the interface language', () => {
    const say = (key: Parameters<typeof reason>[0], params: Record<string, unknown>) => errorText(zh.t, new WorkbenchError('bad_input', 'x', undefined, reason(key, params as never)));
    expect(say('training_row_wrong_kind', { row: 3, dataset: '7', kind: 'conversation', objective: 'dpo', needed: 'preference' })).toBe('数据集 7 的第 3 行是对话行；LoRA DPO训练需要偏好行。');
    expect(say('dataset_row_kind_mismatch', { kind: 'text', given: 'conversation' })).toBe('此数据集存放的是纯文本行，不是对话行。');
    expect(say('bundle_dataset_wrong_kind', { dataset: 'alpaca', kind: 'sft', objective: 'dpo' })).toBe('alpaca 存放的是SFT数据，LoRA DPO训练无法使用。');
    expect(say('checkpoint_mode_mismatch', { folder: '/runs/a', checkpointMode: 'full', sessionMode: 'lora' })).toBe('/runs/a 中的检查点用于全参数训练；本次是LoRA训练。');
    expect(say('blind_round_closed', { round: 'r1', state: 'voted' })).toBe('盲测回合 r1已经投过票：现在不能投票。');
    expect(say('dataset_row_has_problems', { row: 4, problemCount: 2 })).toBe('第 4 行有 2 个问题（见“问题”标签页）：修正后才能预览。');
  });
});
