export function judgeGpuBackend(loaded: { gpu: string | false; deviceNames: readonly string[] }): { use: true } | { use: false; reason: string };
