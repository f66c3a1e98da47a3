import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { DatasetSummary } from '../../../../electron/shared/contract/datasets.ts';
import { distillProgressSchema, type DistillPromptSource, type DistillRequestInput, type DistillResult } from '../../../../electron/shared/contract/distill.ts';
import type { Engine } from '../../../../electron/engine/createEngine.ts';
import { WorkbenchError } from '../../../../electron/shared/contract/errors.ts';
import { CliError, parseIntegerOption, parseNumberOption, printJsonLine } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runJob } from '../runJob.ts';

interface DistillFlags {
  teacher: string;
  lora?: string;
  loraScale: number;
  prompts: string;
  outName: string;
  maxTokens: number;
  temperature: number;
  seed: number;
  keepTruncated?: boolean;
  json?: boolean;
}

/** `dataset:ID` (or `dataset:NAME`) names a library dataset; anything else is a prompts file. */
async function promptSource(engine: Engine, spec: string): Promise<DistillPromptSource> {
  if (!spec.startsWith('dataset:')) return { kind: 'file', path: resolve(spec) };
  const wanted = spec.slice('dataset:'.length).trim();
  const datasets = (await engine.call('datasets.list', {})) as DatasetSummary[];
  const found = datasets.find((dataset) => dataset.id === wanted) ?? datasets.find((dataset) => dataset.name === wanted);
  if (!found) throw new CliError(`--prompts: no dataset with the id or name "${wanted}" (workbench dataset list shows them)`, 2);
  return { kind: 'dataset', datasetId: found.id };
}

/**
 * `workbench distill`: a teacher answers a prompt set and the answers become an SFT dataset (template tokens
 * stripped); the student is then trained on it with `workbench train sft --data <dataset id>`.
 */
export function registerDistillCommand(program: Command): void {
  program
    .command('distill')
    .description("A teacher model answers a prompt set; its answers become an SFT dataset to train a student on (workbench train sft)")
    .requiredOption('--teacher <model>', 'the teacher: a library model (id or name) or a GGUF file')
    .option('--lora <adapter>', "a LoRA adapter on the teacher (GGUF file or library id)")
    .option('--lora-scale <x>', "the adapter's scale", parseNumberOption('lora-scale'), 1)
    .requiredOption('--prompts <file|dataset:ID>', 'a JSONL file (strings, {"prompt"}, {"question"}, {"instruction"} or {"messages"}), a text file (one prompt a line), or dataset:ID for a dataset\'s user turns')
    .requiredOption('--out-name <name>', 'the new dataset\'s name')
    .option('--max-tokens <n>', 'longest answer', parseIntegerOption('max-tokens'), 512)
    .option('--temperature <t>', 'sampling temperature (0: greedy)', parseNumberOption('temperature'), 0)
    .option('--seed <s>', 'prompt i is answered with seed + i', parseIntegerOption('seed'), 1234)
    .option('--keep-truncated', 'keep answers cut at --max-tokens (left out by default)')
    .option('--json', 'JSON lines: one per answered prompt, then the result')
    .action(async (flags: DistillFlags) => {
      const result = await withEngine(async (engine) => {
        try {
          const request: DistillRequestInput = {
            teacher: flags.teacher,
            lora: flags.lora ?? null,
            loraScale: flags.loraScale,
            prompts: await promptSource(engine, flags.prompts),
            name: flags.outName,
            settings: { maxTokens: flags.maxTokens, temperature: flags.temperature, seed: flags.seed, keepTruncated: flags.keepTruncated === true },
          };
          return await runJob<DistillResult>(engine, () => engine.call('datasets.distillStart', request) as Promise<{ jobId: string }>, {
            onItem: (raw) => {
              const item = distillProgressSchema.safeParse(raw);
              if (!item.success) return;
              if (flags.json) printJsonLine({ type: 'progress', ...item.data });
              else process.stderr.write(`[${item.data.done}/${item.data.total}] ${item.data.prompt.slice(0, 80)}\n`);
            },
          });
        } catch (error) {
          if (error instanceof WorkbenchError && error.code === 'bad_input') throw new CliError(error.message, 2);
          throw error;
        }
      });
      if (flags.json) {
        printJsonLine({
          type: 'result',
          datasetId: result.dataset.id,
          name: result.dataset.name,
          path: result.path,
          prompts: result.prompts,
          rows: result.rows,
          skipped: result.skipped,
          stripped: result.stripped,
          alreadyImported: result.alreadyImported,
        });
        return;
      }
      const skipped = result.skipped.length === 0 ? '' : `, ${result.skipped.length} left out (${result.skipped.map((skip) => `${skip.line === null ? `#${skip.index + 1}` : `line ${skip.line}`}: ${skip.reason}`).join(', ')})`;
      process.stdout.write(`Dataset ${result.dataset.name} (${result.dataset.id}): ${result.rows} of ${result.prompts} answers${skipped}; ${result.stripped} had template tokens stripped\n`);
      process.stdout.write(`Train a student on it: workbench train sft --model <student> --data ${result.dataset.id}\n`);
    });
}
