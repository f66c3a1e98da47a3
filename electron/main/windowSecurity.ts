/**
 * The security settings of every window, kept free of Electron imports so tests can assert them directly.
 * See Electron's security checklist: sandbox, isolation, no Node in the page, app files from a custom protocol.
 */
export const APP_PROTOCOL = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_PROTOCOL}://${APP_HOST}`;

export const secureWebPreferences = {
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  navigateOnDragDrop: false,
  spellcheck: false,
} as const;

/** Only pages we serve ourselves may call the engine; anything else (an injected frame, a navigation) may not. */
export function isTrustedSenderUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    if (parsed.protocol === `${APP_PROTOCOL}:` && parsed.host === APP_HOST) return true;
    // electron-vite's dev server, only when running `npm run dev`.
    const devServer = process.env.ELECTRON_RENDERER_URL;
    return devServer !== undefined && url.startsWith(devServer);
  } catch {
    return false;
  }
}

/** Navigation away from the app is never allowed inside the window. */
export function isAllowedNavigation(url: string): boolean {
  return isTrustedSenderUrl(url);
}
