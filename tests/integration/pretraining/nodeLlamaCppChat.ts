/**
 * Child-process script: asks questions through node-llama-cpp's LlamaChatSession, with the chat wrapper it picks
 * from the model's own chat template, greedy and without a system prompt. Input (argv[2], JSON):
 * { modelPath, questions: string[] }. Output (stdout, JSON): { wrapper, answers: string[] }.
 */
import { getLlama, LlamaChatSession, LlamaLogLevel } from 'node-llama-cpp';

const request = JSON.parse(process.argv[2] ?? '{}') as { modelPath: string; questions: string[] };
const llama = await getLlama({ gpu: false, build: 'never', skipDownload: true, progressLogs: false, logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: request.modelPath, gpuLayers: 0 });
const context = await model.createContext({ contextSize: 256, threads: 1 });
const answers: string[] = [];
let wrapper = '';
for (const question of request.questions) {
  const sequence = context.getSequence();
  const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: '' });
  wrapper = session.chatWrapper.wrapperName;
  answers.push(await session.prompt(question, { temperature: 0, maxTokens: 24 }));
  session.dispose();
  sequence.dispose();
}
process.stdout.write(JSON.stringify({ wrapper, answers }));
await context.dispose();
await model.dispose();
await llama.dispose();
