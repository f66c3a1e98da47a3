/**
 * Pause requests for GRPO runs in this trainer host, by runDir: 'rl.grpoPause' arrives as a second request while
 * 'rl.grpo' runs; the loop checkpoints and stops after its current step.
 */
const running = new Set<string>();
const requested = new Set<string>();

export function grpoRunStarted(runDir: string): void {
  running.add(runDir);
  requested.delete(runDir);
}

export function grpoRunEnded(runDir: string): void {
  running.delete(runDir);
  requested.delete(runDir);
}

/** False when no run of that folder is going in this host. */
export function requestGrpoPause(runDir: string): boolean {
  if (!running.has(runDir)) return false;
  requested.add(runDir);
  return true;
}

export function grpoPauseRequested(runDir: string): boolean {
  return requested.has(runDir);
}
