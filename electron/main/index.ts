import { app, BrowserWindow, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, type Engine } from '../engine/createEngine.ts';
import { registerAppScheme, serveRendererOverAppProtocol } from './appProtocol.ts';
import { registerIpcRouter } from './ipcRouter.ts';
import { createUtilityProcessSpawner } from './utilityProcessSpawner.ts';
import { APP_ORIGIN, isAllowedNavigation, secureWebPreferences } from './windowSecurity.ts';

const mainDir = dirname(fileURLToPath(import.meta.url));
let engine: Engine | null = null;

registerAppScheme();
app.enableSandbox();

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'LLM Workbench',
    webPreferences: { ...secureWebPreferences, preload: join(mainDir, '../preload/index.cjs') },
  });
  window.once('ready-to-show', () => window.show());
  // New windows never open inside the app; web links go to the user's browser.
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url)) event.preventDefault();
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());
  const devServer = process.env.ELECTRON_RENDERER_URL;
  void window.loadURL(devServer && !app.isPackaged ? devServer : `${APP_ORIGIN}/index.html`);
  return window;
}

void app.whenReady().then(() => {
  serveRendererOverAppProtocol(join(mainDir, '../renderer'));
  engine = createEngine({
    dataHome: app.getPath('userData'),
    hostSpawner: createUtilityProcessSpawner(mainDir),
    shell: 'electron',
    appVersion: app.getVersion(),
  });
  registerIpcRouter(engine, () => BrowserWindow.getAllWindows());
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void engine?.dispose();
});
