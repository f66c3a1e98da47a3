// Types for localLlamaBuild.mjs (plain JavaScript so `npm install` can run it before anything is compiled).

export interface BuildFacts {
  nodeLlamaCpp: string;
  llamaCppRelease: string;
  platform: string;
  arch: string;
  napi: string | undefined;
  cpu: string;
  compiler: string | null;
  cmake: string | null;
  /** cpuBuildFlags() joined: they change the binary, so they are part of the key. */
  compilerFlags: string;
}

export type InstallAction =
  | { action: 'skip'; reason: string }
  | { action: 'up-to-date' }
  | { action: 'restore' }
  | { action: 'compile' };

export function cacheRoot(): string;
export function nodeLlamaCppDir(): string;
export function cmakeOnPath(): string | null;
export function cxxCompiler(): { command: string; version: string } | null;
export function cpuSignature(): string;
export function cpuBuildFlags(): string[];
export function cmakeCompilerFlagOptions(flags?: readonly string[]): string[];
export function bundledLlamaCppRelease(packageDir: string): string;
export function buildFacts(packageDir: string, compilerVersion: string | null, cmakeVersion: string | null, compilerFlags?: string[]): BuildFacts;
export function keyOf(facts: BuildFacts): string;
export function chooseInstallAction(facts: {
  optOut: boolean;
  platform: string;
  gpu: string | false;
  tools: { missing: string[] };
  key: string | null;
  installedKey: string | null;
  cached: boolean;
}): InstallAction;
export function installedLocalBuild(packageDir: string): { folderName: string; key: string | null } | null;
export function cachedBuild(key: string): { entry: string; folderName: string; facts: BuildFacts } | null;
export function dropCachedBuild(key: string): void;
export function restoreFromCache(packageDir: string, key: string): boolean;
export function saveToCache(packageDir: string, key: string, facts: BuildFacts): void;
export function replaceWithCachedCopy(packageDir: string, key: string): void;
export function removeSourceClone(packageDir: string): void;
export function removeLocalBuilds(packageDir: string): void;
export function compileForCpu(
  packageDir: string,
  logFile: string,
  onProgress: (seconds: number) => void,
  options?: { everySeconds?: number; compilerFlags?: readonly string[] },
): Promise<{ ok: boolean; code: number | null; error: string | null; seconds: number }>;
export function logTail(logFile: string, lines?: number): string;
export function probeLlama(packageDir: string, gpu: 'auto' | false): { buildType: 'localBuild' | 'prebuilt' | null; gpu: string | false; error?: string };
