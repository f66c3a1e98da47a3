/**
 * The trainer host's compress methods (spread into trainerHostContract): quantize and merge run there because
 * they use the trainer addon's llama.cpp build, which must never share a process with node-llama-cpp.
 */
import { z } from 'zod';
import { hostMethod } from '../hosts/hostContract.ts';
import { quantizeTypeSchema } from '../../shared/contract/compress.ts';
import type { MergeNativeResult, TransformProgress } from './nativeModelTransform.ts';

const file = z.string().min(1);

export const compressHostContract = {
  'compress.quantize': hostMethod<{ tensors: number }, TransformProgress>()(
    z.object({ input: file, output: file, type: quantizeTypeSchema, threads: z.number().int().min(0).optional() }),
  ),
  'compress.merge': hostMethod<MergeNativeResult, TransformProgress>()(
    z.object({ base: file, adapter: file, output: file, scale: z.number(), threads: z.number().int().min(0).optional() }),
  ),
} as const;
