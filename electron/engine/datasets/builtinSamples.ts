import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { datasetFormatSchema, datasetKindSchema, type SampleInfo } from '../../shared/contract/datasets.ts';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';

const manifestRelativePath = join('resources', 'datasets', 'samples.json');

const manifestSchema = z.array(
  z.object({ id: z.string(), file: z.string(), name: z.string(), description: z.string(), format: datasetFormatSchema, kind: datasetKindSchema, license: z.string() }),
);

/**
 * The samples ship in resources/datasets. This module runs from the sources (tests, CLI), from out/main (the
 * bundled app) or inside app.asar, so look upwards from here; WORKBENCH_RESOURCES points elsewhere if needed.
 */
function samplesFolder(): string {
  const override = process.env.WORKBENCH_RESOURCES;
  if (override) return join(resolve(override), 'datasets');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    if (existsSync(join(dir, manifestRelativePath))) return join(dir, 'resources', 'datasets');
    dir = dirname(dir);
  }
  throw new WorkbenchError('not_found', `The built-in sample datasets (${manifestRelativePath}) are missing from this installation`, { file: manifestRelativePath }, reason('builtin_samples_missing', { file: manifestRelativePath }));
}

function manifest(): { folder: string; entries: z.infer<typeof manifestSchema> } {
  const folder = samplesFolder();
  return { folder, entries: manifestSchema.parse(JSON.parse(readFileSync(join(folder, 'samples.json'), 'utf8'))) };
}

export function listSamples(): SampleInfo[] {
  const { folder, entries } = manifest();
  return entries.map(({ file, ...info }) => ({ ...info, rows: countLines(join(folder, file)) }));
}

export function samplePath(id: string): { path: string; fileName: string } {
  const { folder, entries } = manifest();
  const entry = entries.find((candidate) => candidate.id === id);
  if (!entry) throw new WorkbenchError('not_found', `No built-in sample "${id}" (there are: ${entries.map((candidate) => candidate.id).join(', ')})`, { field: 'source.id' }, reason('builtin_sample_not_found', { sample: id }));
  return { path: join(folder, entry.file), fileName: entry.file };
}

const countLines = (path: string): number => readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '').length;
