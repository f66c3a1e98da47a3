/**
 * Child-process script for vulkanAdapterLogProbs.ts: node-llama-cpp (on the CPU) scores sequences, optionally with
 * a LoRA adapter, and prints the log-prob of every target token. It runs in its own process because node-llama-cpp
 * and the trainer addon each carry their own ggml. Input (argv[2], JSON): { modelPath, loraPath?, sequences:
 * { tokens: number[]; targetStart: number }[] }. Output (stdout, JSON): number[][] — for each sequence, log p(token)
 * of tokens[targetStart…], each from the full-vocabulary logits at the position before it.
 */
import { getLlama, LlamaLogLevel, type LlamaContextSequence, type Token } from 'node-llama-cpp';

interface Request {
  modelPath: string;
  loraPath?: string;
  sequences: { tokens: number[]; targetStart: number }[];
}

const request = JSON.parse(process.argv[2] ?? '{}') as Request;
const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, progressLogs: false, logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: request.modelPath, gpuLayers: 0 });
const context = await model.createContext({
  contextSize: 256,
  threads: 1,
  ...(request.loraPath ? { lora: { adapters: [{ filePath: request.loraPath }] } } : {}),
});

function logSoftmaxAt(logits: Map<Token, number>, token: number): number {
  let max = -Infinity;
  for (const value of logits.values()) max = Math.max(max, value);
  let sum = 0;
  for (const value of logits.values()) sum += Math.exp(value - max);
  const logit = logits.get(token as Token);
  if (logit === undefined) throw new Error(`node-llama-cpp returned no logit for token ${token}`);
  return logit - max - Math.log(sum);
}

const sequence: LlamaContextSequence = context.getSequence();
const result: number[][] = [];
for (const { tokens, targetStart } of request.sequences) {
  await sequence.clearHistory();
  const input = tokens.slice(0, -1).map((id, position) =>
    position + 1 < targetStart ? (id as Token) : ([id as Token, { generateNext: { logits: true } }] as const),
  );
  const outputs = await sequence.controlledEvaluate(input as Parameters<LlamaContextSequence['controlledEvaluate']>[0]);
  const logProbs: number[] = [];
  for (let position = targetStart - 1; position < tokens.length - 1; position++) {
    const logits = outputs[position]?.next.logits;
    if (!logits) throw new Error(`no logits at position ${position}`);
    logProbs.push(logSoftmaxAt(logits, tokens[position + 1]!));
  }
  result.push(logProbs);
}
sequence.dispose();
process.stdout.write(JSON.stringify(result));
await context.dispose();
await model.dispose();
await llama.dispose();
