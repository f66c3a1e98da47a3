import { fileURLToPath } from 'node:url';

/** The checkout's root, for finding the built renderer and bundled resources when running from source. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const builtRendererDir = fileURLToPath(new URL('../../../out/renderer/', import.meta.url));
