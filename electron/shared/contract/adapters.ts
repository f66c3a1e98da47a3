import { z } from 'zod';
import { method } from './define.ts';
import { modelRefSchema } from './models.ts';
import { adapterEntrySchema } from './training.ts';

/**
 * The adapter library: LoRA adapters next to their base model — the ones training made and the ones the user
 * adds (a file, or every adapter in a folder), each checked against its base's tensor shapes when added.
 */
export const adapterSourceSchema = z.enum(['training', 'file']);

export const libraryAdapterSchema = adapterEntrySchema.extend({ source: adapterSourceSchema });
export type LibraryAdapter = z.infer<typeof libraryAdapterSchema>;

/** Why a folder scan left a file out. */
export const adapterSkipReasonSchema = z.enum(['not_adapter', 'does_not_fit', 'unreadable']);

export const adapterScanResultSchema = z.object({
  added: z.array(libraryAdapterSchema),
  /** Already in the library. */
  known: z.array(libraryAdapterSchema),
  skipped: z.array(z.object({ file: z.string(), reason: adapterSkipReasonSchema, message: z.string() })),
});
export type AdapterScanResult = z.infer<typeof adapterScanResultSchema>;

export const adaptersMethods = {
  /** Adapters of one base (library id, name or path), or all. */
  'adapters.list': method(z.object({ model: modelRefSchema.optional() }).strict(), z.array(libraryAdapterSchema)),
  /** Adds a LoRA adapter GGUF for a base; refused, with the tensor named, when it does not fit the base. */
  'adapters.add': method(
    z.object({ path: z.string().trim().min(1).max(4096), model: modelRefSchema, name: z.string().trim().min(1).max(200).optional() }).strict(),
    z.object({ adapter: libraryAdapterSchema, added: z.boolean() }),
  ),
  /** Adds every adapter GGUF in a folder (not recursive) that fits the base; the rest are listed with the reason. */
  'adapters.scan': method(z.object({ folder: z.string().trim().min(1).max(4096), model: modelRefSchema }).strict(), adapterScanResultSchema),
  'adapters.rename': method(z.object({ id: z.string().min(1), name: z.string().trim().min(1).max(200) }).strict(), libraryAdapterSchema),
  /** Removes the entry; the file stays. */
  'adapters.remove': method(z.object({ id: z.string().min(1) }).strict(), z.object({ removed: z.boolean() })),
};
