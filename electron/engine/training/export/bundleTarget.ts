export const bundleTargets = ['llama-factory', 'trl'] as const;
export type BundleTarget = (typeof bundleTargets)[number];

export function isBundleTarget(value: string): value is BundleTarget {
  return (bundleTargets as readonly string[]).includes(value);
}
