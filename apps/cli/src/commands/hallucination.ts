import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { ItemResult, LoadedSuite, RunRecord, RunSummary, SuiteSource, TrainingExport } from '../../../../electron/shared/contract/hallucination.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runJob } from '../runJob.ts';

interface RunOptions {
  model: string;
  lora?: string;
  loraScale: number;
  mode: 'auto' | 'chat' | 'raw';
  suite: string;
  samples: number;
  temperature?: number;
  maxTokens: number;
  seed: number;
  category?: string;
  items?: string;
  limit?: number;
  context?: boolean;
  choices: boolean;
  refusalProbability: boolean;
  export?: boolean;
  knownThreshold: number;
  json?: boolean;
}

const suiteSource = (value: string): SuiteSource => (value === 'builtin' ? { kind: 'builtin' } : { kind: 'file', path: resolve(value) });
const list = (value: string | undefined): string[] | undefined => value?.split(',').map((part) => part.trim()).filter((part) => part !== '');

function itemJson(result: ItemResult) {
  return {
    id: result.itemId,
    category: result.category,
    lang: result.lang,
    prompt: result.prompt,
    output: result.output,
    verdict: result.verdict,
    why: result.why,
    expected: result.expected,
    ...(result.samples.length > 1 ? { samples: result.samples.map((sample) => ({ output: sample.output, verdict: sample.verdict })), correctFraction: result.correctFraction, agreement: result.agreement } : {}),
    ...(result.refusal ? { refusal: result.refusal } : {}),
    ...(result.multipleChoice ? { multipleChoice: result.multipleChoice } : {}),
    ...(result.context ? { context: { output: result.context.output, verdict: result.context.verdict, why: result.context.why } } : {}),
  };
}

const percent = (value: number): string => `${(value * 100).toFixed(0)}%`;

function printTable(run: RunRecord, items: ItemResult[], summary: RunSummary): void {
  for (const result of items) {
    process.stdout.write(`${result.verdict.padEnd(13)} ${result.itemId}\n    ${JSON.stringify(result.output.slice(0, 160))}\n`);
  }
  process.stdout.write(`\n${run.label} on ${run.suiteName}: ${items.length} items\n`);
  const rows = [['overall', summary.overall] as const, ...Object.entries(summary.byCategory)];
  for (const [name, bucket] of rows) {
    process.stdout.write(
      `${name.padEnd(20)} score ${bucket.score.toFixed(2).padStart(5)}  correct ${percent(bucket.correctRate).padStart(4)}  wrong ${String(bucket.incorrect).padStart(3)}  not attempted ${String(bucket.notAttempted).padStart(3)}\n`,
    );
  }
}

function printSuiteErrors(suite: LoadedSuite): void {
  for (const error of suite.errors) process.stdout.write(`${suite.name}:${error.line}${error.path ? ` ${error.path}` : ''}: ${error.code}: ${error.message}\n`);
  process.stdout.write(`${suite.items.length} valid items, ${suite.errors.length} problems\n`);
}

export function registerHallucinationCommand(program: Command): void {
  const command = program.command('hallucination').description('The hallucination lab: run a prompt suite on a model and grade the replies offline');

  command
    .command('run')
    .description('Run a suite (the built-in one or a JSONL file) on a model and grade every reply')
    .requiredOption('--model <model>', 'a library model (id or name) or a GGUF file')
    .option('--lora <adapter>', 'apply a LoRA adapter (GGUF file or library id)')
    .option('--lora-scale <x>', 'the adapter\'s scale', parseNumberOption('lora-scale'), 1)
    .option('--mode <mode>', 'chat (the model\'s template), raw (a Question/Answer document for base models) or auto', 'auto')
    .option('--suite <file|builtin>', 'a JSONL suite file, or builtin', 'builtin')
    .option('--samples <n>', 'replies per item: self-consistency and known/unknown probing', parseIntegerOption('samples'), 1)
    .option('--temperature <t>', 'default: 0 for one sample, 0.8 for several', parseNumberOption('temperature'))
    .option('--max-tokens <n>', 'longest reply in tokens', parseIntegerOption('max-tokens'), 96)
    .option('--seed <s>', 'sample i uses seed + i', parseIntegerOption('seed'), 42)
    .option('--category <names>', 'only these categories (comma-separated)')
    .option('--items <ids>', 'only these item ids (comma-separated)')
    .option('--limit <n>', 'only the first n items (after --category/--items)', parseIntegerOption('limit'))
    .option('--context', 'also re-run items that have a reference passage with the passage in the prompt')
    .option('--no-choices', 'skip multiple-choice scoring by log-likelihood')
    .option('--no-refusal-probability', 'skip the probability of an "I don\'t know" reply')
    .option('--export', 'write the SFT and DPO "I don\'t know" training sets from this run')
    .option('--known-threshold <x>', 'with --export: share of correct samples that counts as known', parseNumberOption('known-threshold'), 0.5)
    .option('--json', 'print {"items": [{"id","category","lang","prompt","output","verdict","why"}], "summary": {...}}')
    .action(async (options: RunOptions) => {
      if (!['auto', 'chat', 'raw'].includes(options.mode)) throw new CliError(`--mode must be auto, chat or raw, got "${options.mode}"`, 2);
      const suite = suiteSource(options.suite);
      const output = await withEngine(async (engine) => {
        let itemIds = list(options.items);
        if (options.limit !== undefined) {
          if (options.limit < 1) throw new CliError('--limit must be at least 1', 2);
          const loaded = (await engine.call('hallucination.loadSuite', { source: suite })) as LoadedSuite;
          const categories = list(options.category);
          itemIds = loaded.items
            .filter((item) => (itemIds ? itemIds.includes(item.id) : true) && (categories ? categories.includes(item.category) : true))
            .slice(0, options.limit)
            .map((item) => item.id);
        }
        const request = {
          targets: [{ model: options.model, ...(options.lora ? { lora: options.lora } : {}), loraScale: options.loraScale, mode: options.mode }],
          suite,
          ...(itemIds ? { itemIds } : {}),
          ...(list(options.category) ? { categories: list(options.category) } : {}),
          settings: {
            samples: options.samples,
            temperature: options.temperature ?? null,
            maxTokens: options.maxTokens,
            seed: options.seed,
            contextRerun: options.context ?? false,
            multipleChoice: options.choices,
            refusalProbability: options.refusalProbability,
          },
        };
        const result = await runJob<{ runIds: string[] }>(
          engine,
          () => engine.call('hallucination.run', request) as Promise<{ jobId: string }>,
          {
            onProgress: (progress) => {
              if (!options.json && progress.message) process.stderr.write(`[${percent(progress.fraction ?? 0)}] ${progress.message}\n`);
            },
          },
        );
        const runId = result.runIds[0]!;
        const saved = (await engine.call('hallucination.getRun', { runId })) as { run: RunRecord; items: ItemResult[] };
        const exported = options.export
          ? ((await engine.call('hallucination.exportTrainingSets', { runId, knownThreshold: options.knownThreshold })) as TrainingExport)
          : null;
        return { ...saved, exported };
      });
      const summary = output.run.summary!;
      if (options.json) {
        printJson({
          run: { id: output.run.id, label: output.run.label, model: output.run.modelPath, lora: output.run.lora, mode: output.run.mode, suite: output.run.suiteName, settings: output.run.settings },
          items: output.items.map(itemJson),
          summary,
          ...(output.exported ? { export: output.exported } : {}),
        });
        return;
      }
      printTable(output.run, output.items, summary);
      if (output.exported) process.stdout.write(`SFT: ${output.exported.sft.path} (${output.exported.sft.rows} rows)\nDPO: ${output.exported.dpo.path} (${output.exported.dpo.rows} pairs)\n`);
    });

  command
    .command('validate')
    .description('Check a suite file: every problem with its line, JSON path and code')
    .argument('<file>', 'a JSONL suite file, or builtin')
    .option('--json', 'print {"name", "validItems", "errors": [{"line","path","code","message"}], "counts"}')
    .action(async (file: string, options: { json?: boolean }) => {
      const suite = (await withEngine((engine) => engine.call('hallucination.loadSuite', { source: suiteSource(file) }))) as LoadedSuite;
      if (options.json) printJson({ name: suite.name, sha256: suite.sha256, validItems: suite.items.length, errors: suite.errors, counts: suite.counts });
      else printSuiteErrors(suite);
      if (suite.errors.length > 0) process.exitCode = 1;
    });
}
