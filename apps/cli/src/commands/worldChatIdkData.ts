import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { worldProbeReportSchema, type BuildIdkDataInput, type IdkData } from '../../../../electron/shared/contract/worldChat.ts';
import { CliError, printJson } from '../cliOutput.ts';
import { withEngine } from '../openEngine.ts';
import { asCliError } from './worldChatJob.ts';

interface IdkDataOptions {
  world: string;
  report: string;
  label: string;
  name?: string;
  json?: boolean;
}

function readReport(path: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (error) {
    throw new CliError(`--report ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, 2);
  }
  const parsed = worldProbeReportSchema.safeParse(raw);
  if (!parsed.success) throw new CliError(`--report ${path} is not a \`workbench world probe --out\` report: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`, 2);
  return parsed.data;
}

/**
 * `workbench world idk-data`: "I don't know" SFT and DPO data from a probe report (the answers of one model),
 * written to the data home and imported into Datasets.
 */
export function registerWorldIdkDataCommand(world: Command): void {
  world
    .command('idk-data')
    .description('Build "I don\'t know" SFT + DPO data from a probe report and import both into Datasets')
    .requiredOption('--world <dir>', 'world folder the report was made on')
    .requiredOption('--report <file>', 'report from `workbench world probe --out`')
    .requiredOption('--label <label>', 'whose answers decide (a model label in the report)')
    .option('--name <name>', 'name prefix of the two datasets')
    .option('--json', 'print the paths, dataset ids and counts as JSON')
    .action(async (options: IdkDataOptions) => {
      const input: BuildIdkDataInput = { worldDir: options.world, report: readReport(options.report), label: options.label, ...(options.name ? { name: options.name } : {}) };
      const data = await withEngine(async (engine) => {
        try {
          return (await engine.call('worldChat.buildIdkData', input)) as IdkData;
        } catch (error) {
          throw asCliError(error);
        }
      });
      if (options.json) {
        printJson(data);
        return;
      }
      process.stdout.write(`SFT: ${data.sftRows} rows → ${data.sftPath} (dataset ${data.sftDatasetId})\nDPO: ${data.dpoPairs} pairs → ${data.dpoPath} (dataset ${data.dpoDatasetId})\n`);
      for (const [reason, count] of Object.entries(data.reasons)) process.stdout.write(`  ${String(count).padStart(4)}  ${reason}\n`);
    });
}
