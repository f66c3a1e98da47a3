/**
 * The shape preload exposes on `window.workbench`: one function per contract method and one subscribe function
 * per event (see electron/preload/index.ts). Nothing generic like send/invoke is exposed.
 */
export interface WorkbenchBridge {
  readonly methods: Readonly<Record<string, (input: unknown) => Promise<unknown>>>;
  readonly events: Readonly<Record<string, (listener: (payload: unknown) => void) => () => void>>;
}

declare global {
  interface Window {
    workbench?: WorkbenchBridge;
  }
}
