import { randomUUID } from 'node:crypto';
import type { EngineServices } from '../engineServices.ts';

/**
 * Which engine is training a run, as "<pid>/<engine id>". The app and a CLI command may open the same data home at
 * once; when the second engine starts it must mark as interrupted only the runs whose engine is gone, not the run
 * the app is training right now. Another process is alive while `kill(pid, 0)` succeeds; inside this process (tests
 * open several engines one after the other) an engine is alive until it is disposed.
 */
const liveInThisProcess = new Set<string>();
const owners = new WeakMap<EngineServices, string>();

export function runOwnerOf(services: EngineServices): string {
  let owner = owners.get(services);
  if (!owner) {
    const created = `${process.pid}/${randomUUID()}`;
    owners.set(services, created);
    liveInThisProcess.add(created);
    services.onDispose(() => void liveInThisProcess.delete(created));
    owner = created;
  }
  return owner;
}

export function isRunOwnerAlive(owner: string | null): boolean {
  if (!owner) return false;
  const pid = Number(owner.split('/')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return liveInThisProcess.has(owner);
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
