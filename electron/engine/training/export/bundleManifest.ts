import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { ResolvedTrainingConfig } from '../../../shared/contract/training.ts';
import type { BundleTarget } from './bundleTarget.ts';

/** The run a bundle was written from, so what comes back from the cluster is tied to its data and settings. */
export const bundleManifestFile = 'workbench-bundle.json';

const manifestSchema = z.object({
  kind: z.literal('llm-workbench training bundle'),
  version: z.literal(1),
  target: z.string(),
  /** The resolved run config the bundle carries (read back loosely: a newer workbench may add fields). */
  config: z.record(z.string(), z.unknown()),
});
export type BundleManifest = z.infer<typeof manifestSchema>;

export function bundleManifest(options: { target: BundleTarget; config: ResolvedTrainingConfig }): string {
  const manifest: BundleManifest = { kind: 'llm-workbench training bundle', version: 1, target: options.target, config: { ...options.config } };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The manifest of the bundle a trainer output sits in: the folder itself or up to three levels above it
 * (bundle/output/checkpoint-N). Null when there is none or it is not ours.
 */
export function findBundleManifest(folder: string): { path: string; manifest: BundleManifest } | null {
  let current = folder;
  for (let level = 0; level <= 3; level++) {
    const path = join(current, bundleManifestFile);
    if (existsSync(path)) {
      const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
      return parsed.success ? { path, manifest: parsed.data } : null;
    }
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return null;
}
