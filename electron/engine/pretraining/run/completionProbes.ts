import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors.ts';
import { reason } from '../../../shared/contract/errorReasons.ts';
import type { ProbeReport } from '../../../shared/contract/pretraining.ts';
import type { TrainingSession } from '../../training/native/nativeTrainerApi.ts';
import type { BpeTokenizer } from '../tokenizer/bpeTokenizer.ts';

export interface Probe {
  readonly prompt: string;
  readonly expected: string;
  readonly language?: string;
}

/** probes.jsonl given explicitly, or the one `world generate` wrote next to the corpus; [] when there is none. */
export function readProbes(dataPath: string, probesPath: string | undefined): Probe[] {
  const path = probesPath ?? join(dirname(dataPath), 'probes.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, index) => {
      if (line.trim() === '') return null;
      try {
        return JSON.parse(line) as Probe;
      } catch {
        throw new WorkbenchError('bad_input', `${path}:${index + 1}: not valid JSON`, { file: path, line: index + 1 }, reason('line_not_json', { file: path, line: index + 1 }));
      }
    })
    .filter((probe): probe is Probe => typeof probe?.prompt === 'string' && typeof probe.expected === 'string');
}

/** Greedy continuation of `prompt` (after <bos>) with the session's current weights, up to <eos> or maxTokens. */
export async function greedyCompletion(session: TrainingSession, tokenizer: BpeTokenizer, prompt: string, maxTokens: number): Promise<string> {
  const ids = Int32Array.from(tokenizer.encode(prompt, { addBos: true }));
  const generated = await session.generate(ids, { maxTokens, stopTokens: [tokenizer.eosId] });
  return tokenizer.decode(generated, { special: false });
}

/**
 * Share of probes whose greedy completion starts with the expected fact ("Alice Anders was born in" → " Paris").
 * Generates as many tokens as the expected text takes, so a right answer followed by anything still counts.
 */
export async function evaluateProbes(session: TrainingSession, tokenizer: BpeTokenizer, probes: readonly Probe[], signal?: AbortSignal): Promise<ProbeReport> {
  const byLanguage: Record<string, { evaluated: number; correct: number }> = {};
  let correct = 0;
  for (const probe of probes) {
    if (signal?.aborted) throw new WorkbenchError('cancelled', 'Pretraining was cancelled');
    const completion = await greedyCompletion(session, tokenizer, probe.prompt, tokenizer.encode(probe.expected).length + 1);
    const right = completion.startsWith(probe.expected);
    const bucket = (byLanguage[probe.language ?? 'any'] ??= { evaluated: 0, correct: 0 });
    bucket.evaluated++;
    if (right) {
      bucket.correct++;
      correct++;
    }
  }
  return { evaluated: probes.length, correct, accuracy: probes.length > 0 ? correct / probes.length : 0, byLanguage };
}
