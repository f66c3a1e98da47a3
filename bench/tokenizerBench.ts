import { performance } from 'node:perf_hooks';
import type { BenchRow } from './benchTypes.ts';
import { tiktokenEncodingNames } from '../electron/shared/contract/tokenizer.ts';
import { encodeWithTiktoken } from '../electron/engine/tokenizer/encodeWithTiktoken.ts';
import { freeAllTiktoken, withTiktoken } from '../electron/engine/tokenizer/tiktokenEncoders.ts';

/** Lecture-style sentences in both languages; the corpus interleaves them so every chunk is mixed. */
const chinese = [
  '大语言模型通常指的是参数数量在数十亿或更多数量级的深度学习模型。',
  '预训练模型看过海量的文本，学会了单词接龙。',
  '监督微调把基座模型变成能对话的助手。',
  '如果 loss 是3，那么平均来说，正确预测下一个单词的概率是1/e^3。',
  '锄禾日当午，汗滴禾下土。谁知盘中餐，粒粒皆辛苦。',
];
const english = [
  'A base model is a token-level internet document simulator.',
  'Supervised fine-tuning on conversations turns it into an assistant.',
  'Hallucination happens when the model imitates confident answers it cannot back up.',
  'Is 9.11 bigger than 9.9? Tokenization makes arithmetic surprisingly hard.',
  'Loss = -log P(next token | previous tokens), averaged over an unseen test set.',
];

/** About `targetBytes` of UTF-8, deterministic (a small LCG picks sentences), half Chinese and half English. */
export function mixedCorpus(targetBytes = 1024 * 1024): string {
  const parts: string[] = [];
  let bytes = 0;
  let state = 12345;
  const next = (): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state;
  };
  while (bytes < targetBytes) {
    const pool = next() % 2 === 0 ? chinese : english;
    const sentence = `${pool[next() % pool.length] as string}${next() % 7 === 0 ? '\n' : ' '}`;
    parts.push(sentence);
    bytes += Buffer.byteLength(sentence);
  }
  return parts.join('');
}

const seconds = (start: number): number => (performance.now() - start) / 1000;

/**
 * Tokens per second over 1 MB of mixed Chinese/English text for every tiktoken encoding: the bare encoder
 * (ids only), and the lab's full path (ids, bytes per token, UTF-8 check, script statistics). A model's own
 * tokenizer (node-llama-cpp, vocabulary only) is measured when WORKBENCH_BENCH_TOKENIZER_MODEL names a GGUF.
 */
export async function runTokenizerBench(): Promise<BenchRow[]> {
  const text = mixedCorpus();
  const megabytes = Buffer.byteLength(text) / 1024 ** 2;
  const rows: BenchRow[] = [];
  try {
    for (const encoding of tiktokenEncodingNames) {
      withTiktoken(encoding, (encoder) => encoder.encode_ordinary('warm up'));
      const bareStart = performance.now();
      const count = withTiktoken(encoding, (encoder) => encoder.encode_ordinary(text).length);
      const bare = seconds(bareStart);
      rows.push({ name: `${encoding} encode`, value: count / bare, unit: 'tokens/s', notes: `${count} tokens from ${megabytes.toFixed(2)} MB (${(megabytes / bare).toFixed(2)} MB/s)` });
      const fullStart = performance.now();
      const result = encodeWithTiktoken(encoding, text, 'text');
      const full = seconds(fullStart);
      rows.push({ name: `${encoding} lab view`, value: result.count / full, unit: 'tokens/s', notes: 'ids + per-token bytes + UTF-8 check + script stats' });
    }
  } finally {
    freeAllTiktoken();
  }
  const modelPath = process.env.WORKBENCH_BENCH_TOKENIZER_MODEL;
  if (modelPath) rows.push(...(await modelTokenizerRows(modelPath, text)));
  return rows;
}

async function modelTokenizerRows(modelPath: string, text: string): Promise<BenchRow[]> {
  const { getLlamaRuntime } = await import('../electron/engine/inference/host/llamaRuntime.ts');
  const { ModelTokenizer } = await import('../electron/engine/tokenizer/modelTokenizer.ts');
  const llama = await getLlamaRuntime();
  const model = await llama.loadModel({ modelPath, vocabOnly: true });
  try {
    const tokenizer = new ModelTokenizer(model, modelPath);
    const start = performance.now();
    const ids = tokenizer.tokenize(text, 'text');
    const elapsed = seconds(start);
    return [{ name: `${tokenizer.description.name} (${tokenizer.description.algorithm}) encode`, value: ids.length / elapsed, unit: 'tokens/s', notes: 'node-llama-cpp model.tokenize, vocabulary-only load' }];
  } finally {
    await model.dispose();
  }
}
