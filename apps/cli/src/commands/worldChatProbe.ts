import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { worldProbeProgressSchema, type WorldProbeInput, type WorldProbeReport } from '../../../../electron/shared/contract/worldChat.ts';
import { CliError, parseIntegerOption, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { runWorldChatJob } from './worldChatJob.ts';

interface ProbeOptions {
  world: string;
  model: string[];
  perGroup?: number;
  languages: string;
  out?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseModel(value: string): { label: string; modelPath: string } {
  const at = value.indexOf('=');
  if (at <= 0 || at === value.length - 1) throw new CliError(`--model must be label=model (e.g. chat=chat.gguf), got "${value}"`, 2);
  return { label: value.slice(0, at), modelPath: value.slice(at + 1) };
}

function printTable(report: WorldProbeReport): void {
  process.stdout.write(`${'model'.padEnd(12)} ${'group'.padEnd(12)} correct  wrong  refused  hallucinated\n`);
  for (const model of report.models) {
    for (const [group, counts] of Object.entries(model.byGroup)) {
      if (counts.asked === 0) continue;
      const cell = (count: number) => `${count}/${counts.asked}`.padStart(7);
      process.stdout.write(`${model.label.padEnd(12)} ${group.padEnd(12)} ${cell(counts.correct)} ${cell(counts.wrong)}  ${cell(counts.refused)}  ${cell(counts.hallucinated)}\n`);
    }
    process.stdout.write(`${model.label.padEnd(12)} completions  "<Name> was born in" right for ${model.completion.correct}/${model.completion.asked} known people\n`);
  }
}

/**
 * `workbench world probe`: asks up to four models the same questions about known, held-out and nonexistent
 * people and judges each answer against facts.json. --out saves the report for `world idk-data`; --json prints it.
 */
export function registerWorldProbeCommand(world: Command): void {
  world
    .command('probe')
    .description('Ask models about known, held-out and nonexistent people; count correct / wrong / refused / hallucinated answers')
    .requiredOption('--world <dir>', 'world folder (facts.json, qa.jsonl, probes.jsonl)')
    .requiredOption('--model <label=model>', 'a model to probe, as label=library id, name or .gguf path (repeat, up to 4)', collect, [])
    .option('--per-group <n>', 'questions per group and language (default 20)', parseIntegerOption('per-group'))
    .option('--languages <list>', 'comma-separated: en, zh', 'en,zh')
    .option('--out <file>', 'write the report as JSON (the input of `workbench world idk-data`)')
    .option('--json', 'print the report as JSON')
    .action(async (options: ProbeOptions) => {
      const languages = options.languages.split(',').map((part) => part.trim());
      const bad = languages.find((language) => language !== 'en' && language !== 'zh');
      if (bad !== undefined) throw new CliError(`--languages takes en and zh, got "${bad}"`, 2);
      const input: WorldProbeInput = {
        worldDir: options.world,
        models: options.model.map(parseModel),
        languages: languages as ('en' | 'zh')[],
        ...(options.perGroup === undefined ? {} : { perGroup: options.perGroup }),
      };
      const report = await withEngine((engine) =>
        runWorldChatJob<WorldProbeReport>(engine, 'worldChat.probe', input, (raw) => {
          const item = worldProbeProgressSchema.safeParse(raw);
          if (item.success && !options.json && item.data.done === item.data.total) process.stderr.write(`${item.data.label}: ${item.data.total} answers\n`);
        }),
      );
      if (options.out) writeFileSync(resolve(options.out), `${JSON.stringify(report, null, 2)}\n`);
      if (options.json) printJson(report);
      else printTable(report);
    });
}
