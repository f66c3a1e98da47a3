import type { HostHandlers } from '../hosts/hostContract.ts';
import type { compressHostContract } from './compressHostContract.ts';
import { mergeAdapterFile, quantizeModelFile } from './nativeModelTransform.ts';

/** Trainer-host side of quantize and merge: each tensor done streams back as an event; abort cancels. */
export const compressHostHandlers: HostHandlers<typeof compressHostContract> = {
  'compress.quantize': async (params, context) => await quantizeModelFile(params, (progress) => context.emit(progress), context.signal),
  'compress.merge': async (params, context) => await mergeAdapterFile(params, (progress) => context.emit(progress), context.signal),
};
