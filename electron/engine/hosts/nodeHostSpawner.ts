import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HostName } from '../../shared/contract/system.ts';
import type { HostProcess, HostSpawner, HostToEngineMessage } from './hostProtocol.ts';
import { hostEnvironment } from './hostEnvironment.ts';

/** Where each host's entry point is when running from source (CLI, server, tests): TypeScript run through tsx. */
export function sourceHostEntry(name: HostName): string {
  return fileURLToPath(new URL(`../../workers/${name}Host.ts`, import.meta.url));
}

/**
 * Spawns hosts with child_process.fork for the plain-Node shells. `.ts` entries get tsx's loader; built `.js`
 * entries run as they are.
 */
export function createNodeHostSpawner(entryFor: (name: HostName) => string = sourceHostEntry): HostSpawner {
  return (name) => {
    const entry = entryFor(name);
    if (!existsSync(entry)) throw new Error(`Host entry point not found: ${entry}`);
    const execArgv = entry.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
    const child = fork(entry, [], {
      execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: hostEnvironment(name),
    });
    const host: HostProcess = {
      get pid() {
        return child.pid ?? null;
      },
      postMessage: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as HostToEngineMessage)),
      onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
      kill: () => {
        child.kill('SIGKILL');
      },
    };
    return host;
  };
}
