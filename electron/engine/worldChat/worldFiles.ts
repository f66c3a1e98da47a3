import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { factKinds, type CompletionProbe, type Person, type PersonGroup, type QaItem } from '../pretraining/world/worldTypes.ts';

/**
 * Reads the files of a world folder (what `pretraining.prepareWorld` / `workbench world generate` wrote), checked
 * at the boundary: a missing or malformed file is a WorkbenchError naming the file, the line and the field.
 */

const bilingual = z.object({ en: z.string(), zh: z.string() });
const groupSchema = z.enum(['known', 'heldOut', 'nonexistent']);
const languageSchema = z.enum(['en', 'zh']);

const personSchema = z.object({
  id: z.string().min(1),
  name: bilingual,
  birthDate: z.object({ year: z.number().int(), month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }),
  birthCity: bilingual,
  university: bilingual,
  major: bilingual,
  employer: bilingual,
  hobby: bilingual,
  group: groupSchema,
});
const factsSchema = z.object({ seed: z.number().optional(), people: z.array(personSchema).min(1) });

const qaSchema = z.object({
  personId: z.string().min(1),
  group: groupSchema,
  fact: z.enum(factKinds),
  language: languageSchema,
  question: z.string().min(1),
  answer: z.string().nullable(),
});

const probeSchema = z.object({
  personId: z.string().min(1),
  fact: z.enum(factKinds),
  language: languageSchema,
  prompt: z.string().min(1),
  expected: z.string().min(1),
});

export interface WorldFacts {
  readonly people: readonly (Person & { readonly group: PersonGroup })[];
  readonly byId: ReadonlyMap<string, Person & { readonly group: PersonGroup }>;
}

/** The folder itself, resolved; an error naming the field when it is not a folder. */
export function worldFolder(worldDir: string): string {
  const dir = resolve(worldDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new WorkbenchError('not_found', `World folder ${dir} does not exist`, { file: dir, field: 'worldDir' }, reason('world_folder_missing', { folder: dir }));
  return dir;
}

/** Fails before a job starts when a file the job will read is missing, naming the first one. */
export function requireWorldFiles(worldDir: string, names: readonly string[]): void {
  for (const name of names) {
    const path = join(worldDir, name);
    if (!existsSync(path)) throw new WorkbenchError('not_found', `${path} does not exist: is this a world folder (workbench world generate)?`, { file: path, field: 'worldDir' }, reason('world_file_missing', { file: path }));
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new WorkbenchError('not_found', `${path} does not exist: is this a world folder (workbench world generate)?`, { file: path, field: 'worldDir' }, reason('world_file_missing', { file: path }));
    }
    throw new WorkbenchError('bad_input', `Could not read ${path}: ${(error as Error).message}`, { file: path }, reason('file_unreadable', { file: path }));
  }
}

function issueOf(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  return { field: issue?.path.join('.') || 'value', message: issue?.message ?? 'invalid' };
}

/** facts.json: every person with their group and the ground truth. */
export function readWorldFacts(worldDir: string): WorldFacts {
  const path = join(worldDir, 'facts.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof WorkbenchError) throw error;
    throw new WorkbenchError('bad_input', `${path} is not JSON: ${(error as Error).message}`, { file: path }, reason('file_not_json', { file: path }));
  }
  const parsed = factsSchema.safeParse(raw);
  if (!parsed.success) {
    const { field, message } = issueOf(parsed.error);
    throw new WorkbenchError('bad_input', `${path}: ${field}: ${message}`, { file: path, field }, reason('file_field_invalid', { file: path, field }));
  }
  const people = parsed.data.people;
  return { people, byId: new Map(people.map((person) => [person.id, person])) };
}

function readJsonLines<T>(path: string, schema: z.ZodType<T>): T[] {
  const rows: T[] = [];
  readText(path)
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        throw new WorkbenchError('bad_input', `${path}:${index + 1}: not valid JSON`, { file: path, line: index + 1 }, reason('line_not_json', { file: path, line: index + 1 }));
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const { field, message } = issueOf(parsed.error);
        throw new WorkbenchError('bad_input', `${path}:${index + 1}: ${field}: ${message}`, { file: path, line: index + 1, field }, reason('line_field_invalid', { file: path, line: index + 1, field }));
      }
      rows.push(parsed.data);
    });
  return rows;
}

/** qa.jsonl: the questions SFT trains on and the probe asks, with exact answers (null for nonexistent people). */
export function readWorldQa(worldDir: string): QaItem[] {
  return readJsonLines(join(worldDir, 'qa.jsonl'), qaSchema);
}

/** probes.jsonl: "<Name> was born in" prompts with the expected continuation. */
export function readWorldProbes(worldDir: string): CompletionProbe[] {
  return readJsonLines(join(worldDir, 'probes.jsonl'), probeSchema);
}
