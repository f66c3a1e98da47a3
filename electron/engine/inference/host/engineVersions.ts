import { getModuleVersion } from 'node-llama-cpp';
import { getLlamaRuntime } from './llamaRuntime.ts';

let versions: Promise<{ nodeLlamaCpp: string; llamaCpp: string }> | null = null;

/** What produced a run, recorded in history so an old result can be explained after an upgrade. */
export function engineVersions(): Promise<{ nodeLlamaCpp: string; llamaCpp: string }> {
  versions ??= (async () => {
    const [nodeLlamaCpp, llama] = await Promise.all([getModuleVersion(), getLlamaRuntime()]);
    return { nodeLlamaCpp, llamaCpp: `${llama.llamaCppRelease.release} (${llama.buildType}, ${llama.gpu === false ? 'cpu' : llama.gpu})` };
  })();
  return versions;
}
