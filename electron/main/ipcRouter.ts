import { ipcMain, type BrowserWindow } from 'electron';
import { eventNames, methodNames } from '../shared/contract/index.ts';
import { WorkbenchError } from '../shared/contract/errors.ts';
import type { Engine } from '../engine/createEngine.ts';
import { eventChannel, methodChannel } from '../shared/ipcChannels.ts';
import { isTrustedSenderUrl } from './windowSecurity.ts';


/**
 * The only place that touches ipcMain: one handler per contract method. Each checks the sender frame, then the
 * engine's router parses the input with the contract's schema, then the work runs.
 */
export function registerIpcRouter(engine: Engine, windows: () => BrowserWindow[]): () => void {
  for (const name of methodNames) {
    ipcMain.handle(methodChannel(name), async (event, input: unknown) => {
      if (!isTrustedSenderUrl(event.senderFrame?.url)) {
        return { ok: false, error: new WorkbenchError('forbidden', `Refused ${name} from an untrusted frame`).toShape() };
      }
      try {
        return { ok: true, output: await engine.call(name, input, { clientId: `window-${event.sender.id}` }) };
      } catch (error) {
        return { ok: false, error: WorkbenchError.from(error).toShape() };
      }
    });
  }
  const eventSet = new Set<string>(eventNames);
  const unsubscribe = engine.onEvent((name, payload) => {
    if (!eventSet.has(name)) return;
    for (const window of windows()) {
      if (!window.isDestroyed()) window.webContents.send(eventChannel(name), payload);
    }
  });
  return () => {
    unsubscribe();
    for (const name of methodNames) ipcMain.removeHandler(methodChannel(name));
  };
}
