import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchSuite } from '../../../../bench/benchSuite.ts';
import type { BenchRow } from '../../../../bench/benchTypes.ts';
import { describeMachine } from '../../../../bench/machineInfo.ts';
import { benchResultBase } from '../../../../bench/resultFileName.ts';
import { CliError, printJson } from '../cliOutput.ts';
import { repoRoot } from '../repoPaths.ts';

function toMarkdown(machine: Record<string, string | number>, results: { id: string; rows: BenchRow[]; error?: string }[]): string {
  const lines = [`# Benchmark ${machine.date}`, '', ...Object.entries(machine).map(([k, v]) => `- ${k}: ${v}`), ''];
  for (const result of results) {
    lines.push(`## ${result.id}`, '');
    if (result.error) {
      lines.push(`Failed: ${result.error}`, '');
      continue;
    }
    lines.push('| measure | value | unit | anchor | ratio | notes |', '|---|---|---|---|---|---|');
    for (const row of result.rows) {
      const ratio = row.anchor && row.anchor.value !== 0 ? (row.value / row.anchor.value).toFixed(3) : '';
      const anchor = row.anchor ? `${row.anchor.name}: ${row.anchor.value} ${row.anchor.unit}` : '';
      lines.push(`| ${row.name} | ${Number(row.value.toPrecision(6))} | ${row.unit} | ${anchor} | ${ratio} | ${row.notes ?? ''} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description('Run the benchmarks and write bench/results/<date>-<host>.{json,md} (<date>-<host>-<ids> with --only; -2, -3… when taken)')
    .option('--only <ids>', 'comma-separated benchmark ids')
    .option('--json', 'print the results as JSON')
    .action(async (options: { only?: string; json?: boolean }) => {
      const wanted = options.only?.split(',').map((id) => id.trim());
      const entries = wanted ? benchSuite.filter((entry) => wanted.includes(entry.id)) : benchSuite;
      if (entries.length === 0) throw new CliError(`No benchmark matches ${options.only ?? '(none registered)'}; known: ${benchSuite.map((e) => e.id).join(', ')}`, 2);
      const machine = describeMachine();
      const results: { id: string; rows: BenchRow[]; error?: string }[] = [];
      for (const entry of entries) {
        process.stderr.write(`bench: ${entry.id} — ${entry.description}\n`);
        try {
          results.push({ id: entry.id, rows: await entry.run() });
        } catch (error) {
          results.push({ id: entry.id, rows: [], error: error instanceof Error ? error.message : String(error) });
        }
      }
      const dir = join(repoRoot, 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      // A partial run (--only) gets its own file, and a name already taken gets a numbered suffix: no run overwrites another.
      const base = benchResultBase(dir, String(machine.date), String(machine.host), wanted ? entries.map((entry) => entry.id) : undefined);
      writeFileSync(join(dir, `${base}.json`), `${JSON.stringify({ machine, results }, null, 2)}\n`);
      writeFileSync(join(dir, `${base}.md`), toMarkdown(machine, results));
      if (options.json) printJson({ machine, results });
      else process.stderr.write(`bench: wrote bench/results/${base}.{json,md}\n`);
    });
}
