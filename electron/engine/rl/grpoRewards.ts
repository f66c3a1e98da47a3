import type { z } from 'zod';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { grpoRewardSchema } from '../../shared/contract/rl.ts';
import { isRefusal } from '../worldChat/judgeAnswer.ts';
import type { GrpoPrompt } from './grpoPrompts.ts';

/**
 * The rewards a GRPO run combines, each with a weight: `exact` (the reply is the prompt's `answer`), `refusal`
 * (the reply says "I don't know" to a prompt marked refuse — the hallucination lab's refusal detector, EN and ZH),
 * `regex` (the reply matches a pattern: a format reward) and `rm` (a reward model's score, see
 * rewardModelScore.ts). `exact` and `refusal` score only the prompts they apply to (0 elsewhere), so one run can
 * reward facts about known people and refusals about nonexistent ones.
 */
export const rewardSpecSchema = grpoRewardSchema;
export type RewardSpec = z.infer<typeof rewardSpecSchema>;

/** `[W*]exact | [W*]refusal | [W*]regex:PATTERN | [W*]rm:PATH` — the CLI's --reward, W a weight (default 1). */
export function parseRewardSpec(text: string): RewardSpec {
  const weighted = /^([0-9]*\.?[0-9]+)\*(.*)$/s.exec(text);
  const weight = weighted ? Number(weighted[1]) : 1;
  const body = weighted ? weighted[2]! : text;
  if (body === 'exact' || body === 'refusal') return { kind: body, weight };
  if (body.startsWith('regex:') && body.length > 6) {
    const pattern = body.slice(6);
    compileRegex(pattern);
    return { kind: 'regex', weight, pattern };
  }
  if (body.startsWith('rm:') && body.length > 3) return { kind: 'rm', weight, path: body.slice(3) };
  throw new WorkbenchError('bad_input', `--reward ${text}: expected exact, refusal, regex:PATTERN or rm:RM.gguf, optionally prefixed by a weight (0.5*exact)`, {
    field: 'reward',
  }, reason('grpo_reward_unknown', { reward: text }));
}

function compileRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 'u');
  } catch (error) {
    throw new WorkbenchError('bad_input', `The regex reward's pattern ${pattern} is not a valid regular expression: ${(error as Error).message}`, { field: 'reward' }, reason('grpo_regex_invalid', { pattern }));
  }
}

/** Case, surrounding space and final punctuation do not make an answer wrong. */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.!。！]+$/u, '');
}

/** Scores a (prompt, reply) with a reward model: r(x, y), higher is better. */
export type RewardModelScore = (prompt: string, reply: string) => Promise<number>;

export interface RewardBreakdown {
  /** Σ weight·score. */
  total: number;
  /** Each reward's own score, in the order of the specs. */
  parts: number[];
  /**
   * Whether the reply passes every verifiable reward that applies to the prompt (exact where it has an answer,
   * refusal where it is marked refuse, regex always); pass@1 counts these. Reward-model scores do not decide it.
   */
  passed: boolean;
}

export class RewardFunction {
  private readonly patterns: (RegExp | null)[];

  constructor(
    readonly specs: readonly RewardSpec[],
    private readonly rewardModels: ReadonlyMap<string, RewardModelScore> = new Map(),
  ) {
    if (specs.length === 0) throw new WorkbenchError('bad_input', 'A GRPO run needs at least one reward', { field: 'reward' }, reason('grpo_no_rewards', {}));
    this.patterns = specs.map((spec) => (spec.kind === 'regex' ? compileRegex(spec.pattern) : null));
    for (const spec of specs) {
      if (spec.kind === 'rm' && !rewardModels.has(spec.path)) throw new WorkbenchError('internal', `No scorer was opened for the reward model ${spec.path}`, { field: 'reward' });
    }
  }

  /** Whether a run's prompts give this reward anything to check (an exact reward with no answers never pays). */
  checkPrompts(prompts: readonly GrpoPrompt[], file: string): void {
    for (const spec of this.specs) {
      if (spec.kind === 'exact' && !prompts.some((p) => p.answer !== undefined)) {
        throw new WorkbenchError('bad_input', `${file}: the exact reward needs prompts with an "answer" field; none has one`, { file, field: 'answer' }, reason('grpo_exact_needs_answers', { file }));
      }
      if (spec.kind === 'refusal' && !prompts.some((p) => p.refuse)) {
        throw new WorkbenchError('bad_input', `${file}: the refusal reward needs prompts marked "refuse": true; none is`, { file, field: 'refuse' }, reason('grpo_refusal_needs_refuse', { file }));
      }
    }
  }

  async score(prompt: GrpoPrompt, reply: string): Promise<RewardBreakdown> {
    const parts: number[] = [];
    let passed = true;
    for (const [index, spec] of this.specs.entries()) {
      let score = 0;
      if (spec.kind === 'exact') {
        if (prompt.answer !== undefined) {
          score = normalizeAnswer(reply) === normalizeAnswer(prompt.answer) ? 1 : 0;
          passed &&= score === 1;
        }
      } else if (spec.kind === 'refusal') {
        if (prompt.refuse) {
          score = isRefusal(reply) ? 1 : 0;
          passed &&= score === 1;
        }
      } else if (spec.kind === 'regex') {
        score = this.patterns[index]!.test(reply) ? 1 : 0;
        passed &&= score === 1;
      } else {
        score = await this.rewardModels.get(spec.path)!(prompt.prompt, reply);
      }
      parts.push(score);
    }
    return { total: parts.reduce((sum, score, i) => sum + this.specs[i]!.weight * score, 0), parts, passed };
  }
}
