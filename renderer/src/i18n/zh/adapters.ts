import type { AdaptersStrings } from '../en/adapters.ts';

export const zhAdapters: AdaptersStrings = {
  title: '适配器',
  intro: '与基础模型放在一起的 LoRA 适配器：你训练的和你添加的。添加时会对照基础模型检查形状，本地 API 以 基础模型+适配器 的名称提供它。',
  base: '基础模型',
  basePlaceholder: '选择基础模型',
  path: '适配器文件或文件夹',
  pathPlaceholder: '/path/to/adapter.gguf 或 /path/to/adapters',
  addFile: '添加文件',
  scan: '扫描文件夹',
  scanResult: '新增 {{added}} 个，已在库中 {{known}} 个，跳过 {{skipped}} 个',
  skipReason: {
    not_adapter: '不是 LoRA 适配器',
    does_not_fit: '与该基础模型不匹配',
    unreadable: '无法按 GGUF 读取',
  },
  empty: '该基础模型还没有适配器。',
  column: { name: '名称', file: '文件', rank: '秩', source: '来源', api: 'API 模型名' },
  source: { training: '训练', file: '添加' },
  missing: '文件缺失',
  remove: '从库中移除',
};
