/**
 * Child process of bench/pretrainingBench.ts: full-parameter SFT of a pretrained base on the known people's
 * questions (ChatML, loss on the answers), then exact-answer rates for known and held-out people per language.
 * The trainer addon runs here, never next to node-llama-cpp. Input (argv[2], JSON): { basePath, qaPath,
 * tokenizerPath, steps, batch, lr }. Output (stdout, one JSON line).
 */
import { loadNativeTrainer } from '../electron/engine/training/native/loadNativeTrainer.ts';
import { nanoOptimizer } from '../electron/engine/pretraining/run/nanoOptimizer.ts';
import { exactAnswerRate, qaSequence, readQaItems } from '../electron/engine/pretraining/sft/worldQaSft.ts';
import { loadTokenizer } from '../electron/engine/pretraining/tokenizer/tokenizerFile.ts';
import { SeededRandom } from '../electron/engine/random/seededRandom.ts';

const request = JSON.parse(process.argv[2] ?? '{}') as { basePath: string; qaPath: string; tokenizerPath: string; steps: number; batch: number; lr: number };
const tokenizer = loadTokenizer(request.tokenizerPath);
const items = readQaItems(request.qaPath);
const known = items.filter((item) => item.group === 'known');
const heldOut = items.filter((item) => item.group === 'heldOut');
const started = performance.now();
const session = await loadNativeTrainer().createSession({
  modelPath: request.basePath,
  mode: 'full',
  contextLength: 1024,
  seed: 1,
  optimizer: nanoOptimizer(request.lr, request.steps),
});
const examples = known.map((item) => qaSequence(tokenizer, item));
const random = new SeededRandom(1, 'sft order');
let first = Number.NaN;
let last = Number.NaN;
for (let step = 0; step < request.steps; step++) {
  const batch = Array.from({ length: request.batch }, () => examples[Math.floor(random.nextFloat() * examples.length)]!);
  const result = await session.trainStep({ sequences: batch });
  if (step === 0) first = result.loss;
  last = result.loss;
}
const sftSeconds = (performance.now() - started) / 1000;
const rate = async (group: typeof known, language: 'en' | 'zh') => await exactAnswerRate(session, tokenizer, group.filter((item) => item.language === language));
const output = {
  sftSeconds,
  firstLoss: first,
  lastLoss: last,
  knownQuestions: known.length,
  knownEn: await rate(known, 'en'),
  knownZh: await rate(known, 'zh'),
  heldOutEn: await rate(heldOut, 'en'),
  heldOutZh: await rate(heldOut, 'zh'),
};
session.dispose();
process.stdout.write(`${JSON.stringify(output)}\n`);
