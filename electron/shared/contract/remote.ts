import { z } from 'zod';
import { method } from './define.ts';
import { modelRefSchema } from './models.ts';

/**
 * A workbench engine on another machine (`workbench serve --host 0.0.0.0 --key …` on a GPU box): checking a
 * connection, sending models/datasets/adapters there and bringing trained adapters back. These run on the app's
 * own engine, which reads and writes the local files; everything else the UI calls on the remote engine directly.
 */
export const remoteConnectionSchema = z
  .object({
    url: z.string().trim().min(1).max(2000),
    /** The engine's access key; null for an engine on this machine's loopback without one. */
    key: z.string().min(1).max(500).nullable(),
  })
  .strict();
export type RemoteConnectionInput = z.infer<typeof remoteConnectionSchema>;

export const remoteEngineInfoSchema = z.object({
  url: z.string(),
  appVersion: z.string(),
  platform: z.string(),
  arch: z.string(),
  dataHome: z.string(),
  shell: z.string(),
});
export type RemoteEngineInfo = z.infer<typeof remoteEngineInfoSchema>;

export const uploadKindSchema = z.enum(['model', 'dataset', 'adapter', 'file']);

/** Progress of a transfer job: bytes of the file so far. */
export const transferProgressSchema = z.object({
  phase: z.enum(['hashing', 'sending', 'receiving', 'registering']),
  file: z.string(),
  doneBytes: z.number(),
  totalBytes: z.number(),
});
export type TransferProgress = z.infer<typeof transferProgressSchema>;

export const transferResultSchema = z.object({
  direction: z.enum(['upload', 'download']),
  /** Where the file is now: on the remote engine's machine for uploads, here for downloads. */
  path: z.string(),
  size: z.number(),
  sha256: z.string(),
  /** The remote library entry an upload became (models.add / datasets.import there), or the local adapter entry. */
  modelId: z.string().nullable(),
  datasetId: z.string().nullable(),
  adapterId: z.string().nullable(),
});
export type TransferResult = z.infer<typeof transferResultSchema>;

export const remoteMethods = {
  /** Connects with the key and answers what the remote engine is; a wrong key is refused by name (forbidden). */
  'remote.check': method(remoteConnectionSchema, remoteEngineInfoSchema),
  /**
   * Sends a local file to the remote engine (resumable, size- and sha256-checked) and adds it to its library: a
   * model, a dataset, or an adapter for `model` (a base in the remote library).
   */
  'remote.upload': method(
    remoteConnectionSchema
      .extend({ path: z.string().trim().min(1).max(4096), kind: uploadKindSchema, name: z.string().trim().min(1).max(200).optional(), model: modelRefSchema.optional() })
      .strict(),
    z.object({ jobId: z.string() }),
  ),
  /**
   * Brings a file from under the remote engine's data home (a trained adapter) into this data home's adapters
   * folder, checked against the remote's sha256; with `model` it joins the local adapter library for that base.
   */
  'remote.download': method(
    remoteConnectionSchema.extend({ remotePath: z.string().trim().min(1).max(4096), model: modelRefSchema.optional(), name: z.string().trim().min(1).max(200).optional() }).strict(),
    z.object({ jobId: z.string() }),
  ),
};
