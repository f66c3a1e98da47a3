import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../shared/contract/index.ts';

export type EmitEvent = <E extends EventName>(name: E, payload: EventPayload<E>) => void;
export type EventListener = (name: EventName, payload: unknown) => void;

/** Fan-out of engine events to every transport (IPC windows, WebSocket clients, CLI). */
export class EngineEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  readonly emit: EmitEvent = (name, payload) => {
    this.emitter.emit('event', name, payload);
  };

  onAny(listener: EventListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
