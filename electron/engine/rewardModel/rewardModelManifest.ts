import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import { writeFileAtomic } from '../store/atomicWrite.ts';
import { judgeFormatVersion } from './judgeText.ts';

/**
 * What makes a LoRA adapter a reward model: a manifest next to it (RM.gguf → RM.reward.json) naming the base it was
 * trained on, the judge format and the judge token id. Scoring reads the token id from here instead of tokenizing
 * again, so it always appends the very token training scored; an adapter without a manifest is refused.
 */
export const rewardManifestSchema = z.object({
  format: z.literal('llm-workbench-reward-model'),
  version: z.literal(1),
  name: z.string(),
  modelPath: z.string(),
  judgeFormat: z.literal(judgeFormatVersion),
  judgeTokenId: z.number().int().min(0),
  accuracy: z.number(),
  createdAt: z.string(),
});
export type RewardManifest = z.infer<typeof rewardManifestSchema>;

export const manifestPathOf = (adapterPath: string): string => adapterPath.replace(/\.gguf$/i, '') + '.reward.json';

export async function writeRewardManifest(adapterPath: string, manifest: RewardManifest): Promise<string> {
  const path = manifestPathOf(adapterPath);
  await writeFileAtomic(path, JSON.stringify(manifest, null, 2) + '\n');
  return path;
}

export function readRewardManifest(adapterPath: string): RewardManifest {
  const path = manifestPathOf(adapterPath);
  if (!existsSync(adapterPath)) throw new WorkbenchError('not_found', `The reward model adapter ${adapterPath} does not exist`, { file: adapterPath, field: 'rewardModel' }, reason('reward_model_not_found', { file: adapterPath }));
  if (!existsSync(path)) {
    throw new WorkbenchError('bad_input', `${adapterPath} is not a reward model: ${path} (written by reward model training) is missing`, { file: path, field: 'rewardModel' }, reason('not_a_reward_model', { file: adapterPath, manifest: path }));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new WorkbenchError('bad_input', `${path}: not valid JSON (${(error as Error).message})`, { file: path }, reason('file_not_json', { file: path }));
  }
  const parsed = rewardManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'manifest';
    throw new WorkbenchError('bad_input', `${path}: ${field}: ${issue?.message ?? 'invalid'}`, { file: path, field }, reason('file_field_invalid', { file: path, field }));
  }
  return parsed.data;
}
