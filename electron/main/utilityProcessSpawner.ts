import { utilityProcess } from 'electron';
import { join } from 'node:path';
import type { HostProcess, HostSpawner, HostToEngineMessage } from '../engine/hosts/hostProtocol.ts';
import { hostEnvironment } from '../engine/hosts/hostEnvironment.ts';

/** Hosts inside the app are Electron utility processes built next to the main bundle (out/main/workers/). */
export function createUtilityProcessSpawner(mainDir: string): HostSpawner {
  return (name) => {
    const child = utilityProcess.fork(join(mainDir, 'workers', `${name}Host.js`), [], {
      serviceName: `LLM Workbench ${name} host`,
      stdio: 'inherit',
      env: hostEnvironment(name),
    });
    const host: HostProcess = {
      get pid() {
        return child.pid ?? null;
      },
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as HostToEngineMessage)),
      onExit: (listener) => child.on('exit', (code) => listener(code, null)),
      kill: () => {
        child.kill();
      },
    };
    return host;
  };
}
