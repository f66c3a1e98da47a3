/**
 * Child-process script behind worldModelFixture(): builds a small world, its tokenizer, a nano base model
 * (pretraining) and a chat model (full SFT of that base on the known people's questions, English and Chinese).
 * Runs in its own process because the trainer addon must never share one with node-llama-cpp. argv[2]: the
 * folder to fill. Prints a JSON summary of what was measured.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadNativeTrainer } from '../../../electron/engine/training/native/loadNativeTrainer.ts';
import { runPretraining } from '../../../electron/engine/pretraining/run/runPretraining.ts';
import { nanoOptimizer } from '../../../electron/engine/pretraining/run/nanoOptimizer.ts';
import { exactAnswerRate, qaSequence } from '../../../electron/engine/pretraining/sft/worldQaSft.ts';
import { BpeTokenizer } from '../../../electron/engine/pretraining/tokenizer/bpeTokenizer.ts';
import { saveTokenizer } from '../../../electron/engine/pretraining/tokenizer/tokenizerFile.ts';
import { trainBpe } from '../../../electron/engine/pretraining/tokenizer/trainBpe.ts';
import { generateWorld } from '../../../electron/engine/pretraining/world/generateWorld.ts';
import { writeWorld } from '../../../electron/engine/pretraining/world/writeWorld.ts';
import { SeededRandom } from '../../../electron/engine/random/seededRandom.ts';

const dir = process.argv[2]!;
const world = generateWorld({ people: 40, seed: 21 });
const written = writeWorld(world, join(dir, 'world'));
const spec = trainBpe(world.documents.join('\n\n'), { vocabSize: 512 }).spec;
const tokenizerPath = join(dir, 'tokenizer.json');
saveTokenizer(tokenizerPath, spec);
const tokenizer = new BpeTokenizer(spec);
const trainer = loadNativeTrainer();
const basePath = join(dir, 'base.gguf');
const pretraining = await runPretraining(
  trainer,
  { preset: 'nano', dataPath: written.corpusPath, tokenizerPath, outPath: basePath, steps: 1500, seed: 1, threads: 1, maxProbes: 0 },
  () => undefined,
);

const known = world.qa.filter((item) => item.group === 'known');
const session = await trainer.createSession({
  modelPath: basePath,
  mode: 'full',
  contextLength: 512,
  threads: 1,
  seed: 1,
  optimizer: nanoOptimizer(2e-3, 300),
});
const examples = known.map((item) => qaSequence(tokenizer, item));
const random = new SeededRandom(1, 'sft order');
let sftLoss = Number.NaN;
for (let step = 0; step < 300; step++) {
  const result = await session.trainStep({ sequences: Array.from({ length: 16 }, () => examples[Math.floor(random.nextFloat() * examples.length)]!) });
  sftLoss = result.loss;
}
const chatPath = join(dir, 'chat.gguf');
await session.saveModel(chatPath);
const summary = {
  pretrainingLoss: [pretraining.initialLoss, pretraining.finalLoss],
  sftLoss,
  knownExact: await exactAnswerRate(session, tokenizer, known),
};
session.dispose();
writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2));
process.stdout.write(`${JSON.stringify(summary)}\n`);
