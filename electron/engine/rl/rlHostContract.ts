/** The trainer host's GRPO methods (spread into trainerHostContract.ts). Only zod and types here. */
import { z } from 'zod';
import type { GrpoInput, GrpoProgress, GrpoResult } from '../../shared/contract/rl.ts';
import type { CompareAlignmentInput, CompareAlignmentProgress, CompareAlignmentResult } from '../../shared/contract/alignmentComparison.ts';
import { hostMethod } from '../hosts/hostContract.ts';

export const rlHostContract = {
  /** A whole GRPO run (or its resumption from runDir); streams GrpoProgress. The engine parsed the input. */
  'rl.grpo': hostMethod<GrpoResult, GrpoProgress>()(z.custom<GrpoInput>()),
  /** Arrives as a second request while 'rl.grpo' runs: checkpoint and stop after the current step. */
  'rl.grpoPause': hostMethod<{ paused: boolean }>()(z.object({ runDir: z.string().min(1) })),
  /** The alignment comparison (refusal SFT vs DPO vs GRPO on the world); the engine parsed and resolved the input. */
  'rl.compareAlignment': hostMethod<CompareAlignmentResult, CompareAlignmentProgress>()(z.custom<CompareAlignmentInput>()),
} as const;
