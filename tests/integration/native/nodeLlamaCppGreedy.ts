/**
 * Child-process script: greedy generation with node-llama-cpp, optionally with a LoRA adapter. The trainer tests
 * run it in its own process because node-llama-cpp and the trainer addon each carry their own ggml and must never
 * share one. Input (argv[2], JSON): { modelPath, loraPath?, prompts: number[][], texts?: string[], maxTokens }.
 * Output (stdout, JSON): { generations: number[][], tokenizations: number[][] } — tokenizations of `texts` with
 * special tokens parsed, to compare with the trainer's tokenizer.
 */
import { getLlama, LlamaLogLevel, type Token } from 'node-llama-cpp';

interface Request {
  modelPath: string;
  loraPath?: string;
  prompts: number[][];
  texts?: string[];
  maxTokens: number;
}

const request = JSON.parse(process.argv[2] ?? '{}') as Request;
const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, progressLogs: false, logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: request.modelPath, gpuLayers: 0 });
const context = await model.createContext({
  contextSize: 256,
  threads: 1,
  ...(request.loraPath ? { lora: { adapters: [{ filePath: request.loraPath }] } } : {}),
});
const generations: number[][] = [];
for (const prompt of request.prompts) {
  const sequence = context.getSequence();
  const tokens: number[] = [];
  for await (const token of sequence.evaluate(prompt as Token[], { temperature: 0 })) {
    if (model.isSpecialToken(token) && token !== model.tokens.bos) {
      if (token === model.tokens.eos || model.detokenize([token], true) === '<|im_end|>') break;
    }
    tokens.push(token);
    if (tokens.length >= request.maxTokens) break;
  }
  generations.push(tokens);
  sequence.dispose();
}
const tokenizations = (request.texts ?? []).map((text) => [...model.tokenize(text, true)]);
process.stdout.write(JSON.stringify({ generations, tokenizations }));
await context.dispose();
await model.dispose();
await llama.dispose();
