import type { PretrainingStrings } from '../en/pretraining.ts';

export const zhPretraining: PretrainingStrings = {
  title: '迷你预训练',
  intro: '在一个由虚构人物组成的合成世界上，从随机权重开始训练一个极小的 llama，看它从乱码到单词再到记住事实。标准答案完全已知。',
  presets: {
    title: '模型规模',
    name: '预设',
    parameters: '参数量',
    shape: '结构',
    time: '预计时间',
    memory: '内存',
  },
  world: {
    title: '1. 世界与分词器',
    people: '人数',
    seed: '随机种子',
    vocab: '词表大小',
    generate: '生成世界并训练分词器',
    summary: '{{people}} 个人，{{documents}} 篇传记（{{bytes}} 字节）；分词器共 {{vocab}} 个词元',
    merges: 'BPE 按学习顺序把这些完整的词合并成了一个词元：',
  },
  run: {
    title: '2. 预训练',
    preset: '预设',
    steps: '步数（留空：使用预设值）',
    start: '开始预训练',
    cancel: '取消',
    needWorld: '请先生成世界。',
    setup: '{{parameters}} 个参数，词表 {{vocab}}，{{windows}} 个长度为 {{length}} 的窗口，运行于 {{backend}}',
    step: '第 {{step}} / {{total}} 步 · 损失 {{loss}} · 困惑度 {{ppl}} · 每秒 {{speed}} 个词元',
    chart: '训练损失',
    checkpoint: '第 {{step}} 步的检查点（样本损失 {{loss}}）',
    done: '已保存 {{path}}：损失 {{from}} → {{to}}，用时 {{seconds}} 秒',
    probes: '“<人名> was born in …” 补全正确：{{correct}} / {{evaluated}}',
    failed: '预训练已停止：{{message}}',
  },
};
