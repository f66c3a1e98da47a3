// Types for amx.mjs (plain JavaScript so `npm install` can run it before anything is compiled).

export const amxOffFlags: readonly string[];
export function cpuAdvertisesAmx(cpuFlags: string): boolean;
export function amxCompilerFlags(machine: {
  platform: string;
  arch: string;
  cpuFlags: string;
  env: Record<string, string | undefined>;
}): string[];
