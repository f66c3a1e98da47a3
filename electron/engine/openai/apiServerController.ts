import type { ApiServerStatus } from '../../shared/contract/apiServer.ts';
import type { EngineServices } from '../engineServices.ts';
import type { AdapterLookup } from './adapterLookup.ts';
import { assertBindAllowed } from './apiAccess.ts';
import { readApiServerSettings, saveApiServerSettings, type ApiServerSettings } from './apiServerSettings.ts';
import { mountedApiUrl } from './mountedApi.ts';
import { createOpenAiApi } from './openAiApi.ts';
import { startOpenAiServer, type RunningOpenAiServer } from './openAiServer.ts';

/** Starts, stops and reconfigures the API's own listener; what is saved decides what happens at the next start. */
export class ApiServerController {
  private running: RunningOpenAiServer | null = null;
  private lastError: string | null = null;
  /** Start/stop calls run one after another, so a fast toggle cannot leave two listeners. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly services: EngineServices,
    private readonly adapters: AdapterLookup,
  ) {}

  status(): ApiServerStatus {
    const settings = readApiServerSettings(this.services.db);
    return {
      enabled: settings.enabled,
      running: this.running !== null,
      host: this.running?.host ?? settings.host,
      port: this.running?.port ?? settings.port,
      baseUrl: this.running?.baseUrl ?? null,
      hasApiKey: settings.apiKey !== null,
      error: this.lastError,
      mountedBaseUrl: mountedApiUrl(this.services),
    };
  }

  enable(): Promise<ApiServerStatus> {
    return this.serialized(async () => {
      const settings = readApiServerSettings(this.services.db);
      assertBindAllowed(settings.host, settings.apiKey);
      saveApiServerSettings(this.services.db, { ...settings, enabled: true });
      await this.restart(settings);
    });
  }

  disable(): Promise<ApiServerStatus> {
    return this.serialized(async () => {
      saveApiServerSettings(this.services.db, { ...readApiServerSettings(this.services.db), enabled: false });
      await this.stop();
      this.lastError = null;
    });
  }

  configure(changes: { host?: string | undefined; port?: number | undefined; apiKey?: string | null | undefined }): Promise<ApiServerStatus> {
    return this.serialized(async () => {
      const current = readApiServerSettings(this.services.db);
      const next: ApiServerSettings = {
        ...current,
        ...(changes.host !== undefined ? { host: changes.host } : {}),
        ...(changes.port !== undefined ? { port: changes.port } : {}),
        ...(changes.apiKey !== undefined ? { apiKey: changes.apiKey } : {}),
      };
      assertBindAllowed(next.host, next.apiKey);
      saveApiServerSettings(this.services.db, next);
      if (this.running) await this.restart(next);
    });
  }

  /** At app start: bring the listener up if the user left it on (a failure is reported in status, not thrown). */
  resume(): Promise<ApiServerStatus> {
    return this.serialized(async () => {
      const settings = readApiServerSettings(this.services.db);
      if (!settings.enabled) return;
      try {
        assertBindAllowed(settings.host, settings.apiKey);
        await this.restart(settings);
      } catch (error) {
        this.lastError = (error as Error).message;
      }
    });
  }

  stopNow(): Promise<ApiServerStatus> {
    return this.serialized(() => this.stop());
  }

  private async restart(settings: ApiServerSettings): Promise<void> {
    await this.stop();
    const api = createOpenAiApi({ services: this.services, adapters: this.adapters, apiKey: settings.apiKey });
    try {
      this.running = await startOpenAiServer(api, settings.host, settings.port);
      this.lastError = null;
    } catch (error) {
      this.lastError = `Could not listen on ${settings.host}:${settings.port}: ${(error as Error).message}`;
      throw error;
    }
  }

  private async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    await running?.close();
  }

  private serialized(work: () => Promise<void>): Promise<ApiServerStatus> {
    const next = this.chain.then(work).then(() => this.status());
    this.chain = next.catch(() => undefined);
    return next;
  }
}
