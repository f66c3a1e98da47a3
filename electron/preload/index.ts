/**
 * The narrow bridge: one function per contract method and one subscribe function per event, each bound to its
 * own channel. The page never gets ipcRenderer or a generic send/invoke.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { eventNames, methodNames } from '../shared/contract/index.ts';
import { eventChannel, methodChannel } from '../shared/ipcChannels.ts';

const methods = Object.fromEntries(
  methodNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(methodChannel(name), input)]),
);

const events = Object.fromEntries(
  eventNames.map((name) => [
    name,
    (listener: (payload: unknown) => void) => {
      const handler = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(eventChannel(name), handler);
      return () => ipcRenderer.removeListener(eventChannel(name), handler);
    },
  ]),
);

contextBridge.exposeInMainWorld('workbench', Object.freeze({ methods: Object.freeze(methods), events: Object.freeze(events) }));
