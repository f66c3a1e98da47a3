/**
 * Nano pretraining end to end on a small generated world: tokenizer training, random init, full-parameter
 * pretraining with the native trainer (in this process: node-llama-cpp only ever runs in a child process here),
 * then the saved base model in node-llama-cpp with its own tokenizer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PretrainingProgress, PretrainingResult } from '../../../electron/shared/contract/pretraining.ts';
import { runPretraining } from '../../../electron/engine/pretraining/run/runPretraining.ts';
import { BpeTokenizer } from '../../../electron/engine/pretraining/tokenizer/bpeTokenizer.ts';
import { saveTokenizer } from '../../../electron/engine/pretraining/tokenizer/tokenizerFile.ts';
import { trainBpe } from '../../../electron/engine/pretraining/tokenizer/trainBpe.ts';
import { generateWorld } from '../../../electron/engine/pretraining/world/generateWorld.ts';
import { writeWorld } from '../../../electron/engine/pretraining/world/writeWorld.ts';
import type { World } from '../../../electron/engine/pretraining/world/worldTypes.ts';
import { exactAnswerRate, qaSequence } from '../../../electron/engine/pretraining/sft/worldQaSft.ts';
import { nodeLlamaCppGreedy } from '../native/runNodeLlamaCpp.ts';
import { adamw, nativeTrainer } from '../native/trainerFixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'nano-pretraining-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Set by the pretraining test, used by the SFT test after it (tests in a file run in order). */
let pretrained: { world: World; tokenizer: BpeTokenizer; basePath: string } | null = null;

/**
 * Measured on the 2-core dev VM (threads 1, 1500 steps, 40 people): English "<Name> was born in" completions
 * right for 30 of 40 people (75%; chance is 1 in 12 cities), loss 6.005 → 0.158, 20 s. Asserted with a margin below.
 */
const minimumEnglishAccuracy = 0.55;
/**
 * SFT (full, 200 steps × 16 of the 120 English questions about the 20 known people), measured: answer loss 5.735 →
 * 0.008, exact answers 0% → 100% on known people, 9.2% on held-out people (facts seen in pretraining, never asked:
 * a model this small does not learn to extract them). 9 s.
 */
const minimumKnownAfterSft = 0.75;

describe('nano pretraining', () => {
  it('learns the world: loss falls by a wide margin, trained facts complete correctly, the GGUF runs in node-llama-cpp', async () => {
    const world = generateWorld({ people: 40, seed: 11, englishDocuments: 6, chineseDocuments: 1 });
    const written = writeWorld(world, join(dir, 'world'));
    const trained = trainBpe(world.documents.join('\n\n'), { vocabSize: 384 });
    const tokenizerPath = join(dir, 'tokenizer.json');
    saveTokenizer(tokenizerPath, trained.spec);
    const tokenizer = new BpeTokenizer(trained.spec);

    const progress: PretrainingProgress[] = [];
    const outPath = join(dir, 'base.gguf');
    const started = performance.now();
    const result: PretrainingResult = await runPretraining(
      nativeTrainer(),
      { preset: 'nano', dataPath: written.corpusPath, tokenizerPath, outPath, steps: 1500, seed: 3, threads: 1, checkpoints: 3 },
      (item) => progress.push(item),
    );
    const seconds = (performance.now() - started) / 1000;
    pretrained = { world, tokenizer, basePath: outPath };
    const english = result.probes!.byLanguage.en!;
    console.log(
      `nano pretraining: ${result.parameters} parameters, vocab ${result.vocab}, loss ${result.initialLoss.toFixed(3)} → ${result.finalLoss.toFixed(3)}, ` +
        `sample loss ${result.initialSampleLoss.toFixed(3)} → ${result.finalSampleLoss.toFixed(3)}, ${seconds.toFixed(1)} s, ${Math.round(result.tokensPerSecond)} tokens/s, ` +
        `English probes ${english.correct}/${english.evaluated}, all ${result.probes!.correct}/${result.probes!.evaluated}`,
    );

    // A random model is near ln(vocab); the trained one far below.
    expect(Math.abs(result.initialSampleLoss - Math.log(result.vocab))).toBeLessThan(1);
    expect(result.finalSampleLoss).toBeLessThan(result.initialSampleLoss * 0.15);
    expect(english.evaluated).toBe(40);
    expect(english.correct / english.evaluated).toBeGreaterThanOrEqual(minimumEnglishAccuracy);

    const steps = progress.filter((item) => item.type === 'step');
    expect(steps).toHaveLength(1500);
    const checkpoints = progress.filter((item) => item.type === 'checkpoint');
    expect(checkpoints.map((item) => item.step)).toEqual([500, 1000, 1500]);
    // Samples at checkpoints are generated text that changes as the model learns.
    expect(checkpoints[0]!.samples).not.toEqual(checkpoints[2]!.samples);

    // node-llama-cpp loads the base model with its own (our) tokenizer and tokenizes exactly as we do.
    const texts = [
      `${world.people[0]!.name.en} was born in ${world.people[0]!.birthCity.en}.`,
      world.documents.find((document) => document.includes('。'))!,
      'emoji 😀👩‍👩‍👧 mixed 中文 and English,   spaces\t\ttabs\n\nlines',
      "it's <|im_start|>user\nWhere was Alice born?<|im_end|>\n<|im_start|>assistant\n",
    ];
    const prompts = result.samples.map((sample) => tokenizer.encode(sample.prompt, { addBos: true }));
    const inference = await nodeLlamaCppGreedy({ modelPath: outPath, prompts, texts, maxTokens: 24 });
    expect(inference.tokenizations).toEqual(texts.map((text) => tokenizer.encode(text, { special: true })));
    // Greedy inference from the saved file continues the prompts as the trainer's own weights did.
    expect(inference.generations.map((tokens) => tokenizer.decode(tokens, { special: false }))).toEqual(result.samples.map((sample) => sample.completion));
  });

  it('SFT of the pretrained base on the known people\'s questions makes a chat model that answers them', async () => {
    if (!pretrained) throw new Error('needs the pretraining test above to have run');
    const { world, tokenizer, basePath } = pretrained;
    const english = world.qa.filter((item) => item.language === 'en');
    const known = english.filter((item) => item.group === 'known');
    const heldOut = english.filter((item) => item.group === 'heldOut');

    const session = await nativeTrainer().createSession({
      modelPath: basePath,
      mode: 'full',
      contextLength: 512,
      threads: 1,
      seed: 5,
      optimizer: adamw({ lr: 2e-3, weightDecay: 0.01, schedule: { kind: 'cosine', warmupSteps: 10, totalSteps: 200, minLrRatio: 0.1 } }),
    });
    try {
      const before = await exactAnswerRate(session, tokenizer, known);
      const examples = known.map((item) => qaSequence(tokenizer, item));
      let first = Number.NaN;
      let last = Number.NaN;
      for (let step = 0; step < 200; step++) {
        const batch = Array.from({ length: 16 }, (_, i) => examples[(step * 16 + i) % examples.length]!);
        const result = await session.trainStep({ sequences: batch });
        if (step === 0) first = result.loss;
        last = result.loss;
      }
      const knownAfter = await exactAnswerRate(session, tokenizer, known);
      const heldOutAfter = await exactAnswerRate(session, tokenizer, heldOut);
      console.log(
        `SFT on ${known.length} known-people questions: answer loss ${first.toFixed(3)} → ${last.toFixed(3)}; exact answers known ${(100 * before).toFixed(1)}% → ${(100 * knownAfter).toFixed(1)}%, held-out ${(100 * heldOutAfter).toFixed(1)}%`,
      );
      expect(before).toBeLessThan(0.1);
      expect(last).toBeLessThan(first * 0.2);
      expect(knownAfter).toBeGreaterThanOrEqual(minimumKnownAfterSft);
    } finally {
      session.dispose();
    }
  });
});
