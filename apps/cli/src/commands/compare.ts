import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { engineCompareBackend } from '../../../../electron/engine/compare/engineCompareBackend.ts';
import { parsePromptSet } from '../../../../electron/engine/compare/parsePromptSet.ts';
import { resolveContenders } from '../../../../electron/engine/compare/resolveContenders.ts';
import { runComparison } from '../../../../electron/engine/compare/runComparison.ts';
import {
  compareModeSchema,
  contenderSchema,
  fewShotLanguageSchema,
  placementRequestSchema,
  samplingPresetSchema,
  type CompareCell,
  type Contender,
  type ResolvedContender,
} from '../../../../electron/shared/contract/compare.ts';
import type { AdapterRef } from '../../../../electron/shared/contract/generate.ts';
import { CliError, parseIntegerOption, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';

interface CompareOptions {
  model: string[];
  lora: { column: number; adapter: AdapterRef }[];
  mode?: string;
  preset?: string;
  prompt?: string;
  promptFile?: string;
  system: string;
  maxTokens: number;
  seed?: number;
  placement: string;
  fewShotLanguage: string;
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `--lora N=adapter[:scale]`: the adapter goes on column N (1-based); the scale follows the last colon when numeric. */
export function parseColumnLora(value: string, previous: CompareOptions['lora'] = []): CompareOptions['lora'] {
  const match = /^(\d+)=(.+)$/.exec(value);
  if (!match) throw new CliError(`--lora needs COLUMN=FILE[:SCALE] (e.g. 2=my-sft.gguf:0.8), got "${value}"`, 2);
  const column = Number(match[1]) - 1;
  const spec = match[2]!;
  const colon = spec.lastIndexOf(':');
  const scaleText = colon > 0 ? spec.slice(colon + 1) : '';
  const scale = scaleText !== '' && Number.isFinite(Number(scaleText)) ? Number(scaleText) : null;
  return [...previous, { column, adapter: { adapter: scale === null ? spec : spec.slice(0, colon), scale: scale ?? 1 } }];
}

/** "chat" for every column, or "raw,chat" one per column. */
function perColumn<T extends string>(option: string, raw: string | undefined, columns: number, allowed: readonly T[]): (T | undefined)[] {
  if (raw === undefined) return new Array<T | undefined>(columns).fill(undefined);
  const values = raw.split(',').map((value) => value.trim());
  if (values.length !== 1 && values.length !== columns) throw new CliError(`--${option} takes one value or one per --model (${columns}), got ${values.length}`, 2);
  for (const value of values) {
    if (!allowed.includes(value as T)) throw new CliError(`--${option}: "${value}" is not one of ${allowed.join(', ')}`, 2);
  }
  return Array.from({ length: columns }, (_, index) => (values.length === 1 ? values[0] : values[index]) as T);
}

function readPrompts(options: CompareOptions): string[] {
  if ((options.prompt === undefined) === (options.promptFile === undefined)) throw new CliError('Give exactly one of --prompt P or --prompt-file F', 2);
  if (options.prompt !== undefined) {
    if (options.prompt.trim() === '') throw new CliError('--prompt is empty', 2);
    return [options.prompt];
  }
  let text: string;
  try {
    text = readFileSync(options.promptFile!, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${options.promptFile}: no such file` : `${options.promptFile}: ${(error as Error).message}`, 2);
  }
  return parsePromptSet(text, options.promptFile!).prompts;
}

function buildContenders(options: CompareOptions): Contender[] {
  const columns = options.model.length;
  if (columns < 2 || columns > 4) throw new CliError(`Compare 2 to 4 models: give --model 2 to 4 times (got ${columns})`, 2);
  const modes = perColumn('mode', options.mode, columns, compareModeSchema.options);
  const presets = perColumn('preset', options.preset, columns, samplingPresetSchema.options);
  for (const { column } of options.lora) {
    if (column < 0 || column >= columns) throw new CliError(`--lora ${column + 1}=…: there is no column ${column + 1} (${columns} models)`, 2);
  }
  return options.model.map((model, column) =>
    contenderSchema.parse({
      model,
      adapters: options.lora.filter((entry) => entry.column === column).map((entry) => entry.adapter),
      ...(modes[column] ? { mode: modes[column] } : {}),
      ...(presets[column] ? { preset: presets[column] } : {}),
    }),
  );
}

function resultJson(contender: ResolvedContender, requested: Contender, cell: CompareCell | undefined) {
  return {
    model: requested.model,
    adapters: contender.adapters.map((adapter) => ({ adapter: adapter.adapter, scale: adapter.scale })),
    label: contender.label,
    mode: contender.mode,
    text: cell?.text ?? '',
    timings: cell?.timings ?? null,
    finishReason: cell?.finishReason ?? null,
    seed: cell?.seed ?? null,
    error: cell?.error ?? null,
  };
}

function printReadable(prompts: readonly string[], contenders: readonly ResolvedContender[], cells: readonly CompareCell[]): void {
  prompts.forEach((prompt, promptIndex) => {
    if (prompts.length > 1) process.stdout.write(`\n══ Prompt ${promptIndex + 1}: ${prompt.replace(/\s+/g, ' ').slice(0, 100)}\n`);
    contenders.forEach((contender, column) => {
      const cell = cells.find((entry) => entry.prompt === promptIndex && entry.column === column);
      const timings = cell?.timings;
      const facts = timings
        ? [
            `${timings.generatedTokens} tokens`,
            ...(timings.tokensPerSecond === null ? [] : [`${timings.tokensPerSecond.toFixed(1)} tokens/s`]),
            ...(timings.timeToFirstTokenMs === null ? [] : [`first token ${Math.round(timings.timeToFirstTokenMs)} ms`]),
          ].join(', ')
        : '';
      process.stdout.write(`\n── ${column + 1}. ${contender.label}${facts ? ` (${facts})` : ''}\n`);
      process.stdout.write(cell?.error ? `error: ${cell.error.message}\n` : `${cell?.text ?? ''}\n`);
    });
  });
}

export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description('Run one prompt (or a prompt set) under 2–4 models side by side: base vs chat, with or without adapters')
    .option('--model <model>', 'a library model (id or name) or a GGUF file; repeat 2–4 times, one per column', collect, [])
    .option('--lora <column=adapter[:scale]>', 'apply a LoRA adapter to a column (1-based, repeatable), e.g. 2=my-sft.gguf:0.8', parseColumnLora, [])
    .option('--mode <modes>', 'raw | chat | fewshot, for every column or comma-separated per column (default raw)')
    .option('--preset <presets>', 'greedy | balanced | creative, for every column or per column (default balanced)')
    .option('--prompt <text>', 'the prompt every column answers')
    .option('--prompt-file <file>', 'a prompt set: one prompt per line, a JSON array, or JSON lines with {"prompt"}')
    .option('--system <text>', 'system message for chat columns (few-shot: the dialogue\'s opening line)', '')
    .option('--max-tokens <n>', 'most tokens per answer', parseIntegerOption('max-tokens'), 256)
    .option('--seed <s>', 'one seed for every column, so a run can be repeated exactly', parseIntegerOption('seed'))
    .option('--placement <p>', 'auto | together | sequential (auto: together when the memory estimate fits)', 'auto')
    .option('--few-shot-language <l>', 'auto | en | zh: the few-shot dialogue\'s language', 'auto')
    .option('--json', 'print {"results": [{"model", "adapters", "text", "timings"}]} in column order (prompt sets: {"prompts": [{"prompt", "results"}]})')
    .action(async (options: CompareOptions) => {
      const contenders = buildContenders(options);
      const prompts = readPrompts(options);
      const placement = placementRequestSchema.safeParse(options.placement);
      if (!placement.success) throw new CliError(`--placement must be auto, together or sequential, got "${options.placement}"`, 2);
      const fewShotLanguage = fewShotLanguageSchema.safeParse(options.fewShotLanguage);
      if (!fewShotLanguage.success) throw new CliError(`--few-shot-language must be auto, en or zh, got "${options.fewShotLanguage}"`, 2);
      if (options.seed !== undefined && (options.seed < 0 || options.seed > 0xffff_ffff)) throw new CliError('--seed must be between 0 and 4294967295', 2);
      if (options.maxTokens < 1) throw new CliError('--max-tokens must be at least 1', 2);

      const controller = new AbortController();
      const onInterrupt = (): void => controller.abort();
      process.once('SIGINT', onInterrupt);
      try {
        const { resolved, cells } = await withEngine(async (engine) => {
          const backend = engineCompareBackend(engine.services);
          const resolved = resolveContenders(backend, contenders);
          const seed = options.seed ?? Math.floor(Math.random() * 0xffff_ffff);
          let done = 0;
          const cells = await runComparison(
            backend,
            { contenders: resolved, prompts, settings: { system: options.system, maxTokens: options.maxTokens, seed, fewShotLanguage: fewShotLanguage.data, placement: placement.data } },
            {
              signal: controller.signal,
              emit: (item) => {
                if (options.json) return;
                if (item.type === 'plan') process.stderr.write(`[${item.plan.reason}; seed ${seed}]\n`);
                if (item.type === 'cell-done' && prompts.length > 1) process.stderr.write(`\r[${++done}/${prompts.length * resolved.length}]`);
              },
              onCell: () => undefined,
            },
          );
          return { resolved, cells };
        });
        if (options.json) {
          const resultsFor = (promptIndex: number) =>
            resolved.map((contender, column) => resultJson(contender, contenders[column]!, cells.find((cell) => cell.prompt === promptIndex && cell.column === column)));
          printJson(prompts.length === 1 && options.promptFile === undefined ? { results: resultsFor(0) } : { prompts: prompts.map((prompt, index) => ({ prompt, results: resultsFor(index) })) });
        } else {
          if (prompts.length > 1) process.stderr.write('\n');
          printReadable(prompts, resolved, cells);
        }
        const failed = cells.filter((cell) => cell.error !== null);
        if (failed.length === cells.length) process.exitCode = 1;
      } finally {
        process.off('SIGINT', onInterrupt);
      }
    });
}
