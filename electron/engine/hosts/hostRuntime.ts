import { WorkbenchError } from '../../shared/contract/errors.ts';
import { reason } from '../../shared/contract/errorReasons.ts';
import type { HostContract, HostHandlerContext, HostHandlers } from './hostContract.ts';
import type { EngineToHostMessage, HostToEngineMessage } from './hostProtocol.ts';

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * The child side of a supervised host: works under Electron's utilityProcess (process.parentPort) and under
 * Node's child_process.fork (process.send). Each request runs with its own AbortController for cancel, and its params
 * are parsed with the contract's schema before the handler sees them.
 */
export function runHost<C extends HostContract>(contract: C, handlers: HostHandlers<C>): void {
  // The one place a method name from the wire meets the typed handlers: each handler's params are its spec's output.
  const untyped = handlers as Readonly<Record<string, ((params: unknown, context: HostHandlerContext) => Promise<unknown>) | undefined>>;
  const electronPort = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  const send = (message: HostToEngineMessage): void => {
    if (electronPort) electronPort.postMessage(message);
    else process.send?.(message);
  };
  const inFlight = new Map<number, AbortController>();

  const onMessage = (message: EngineToHostMessage): void => {
    if (message.type === 'cancel') {
      inFlight.get(message.id)?.abort(new WorkbenchError('cancelled', 'Cancelled', undefined, reason('cancelled', {})));
      return;
    }
    const controller = new AbortController();
    inFlight.set(message.id, controller);
    const spec = Object.hasOwn(contract, message.method) ? contract[message.method] : undefined;
    const handler = untyped[message.method];
    const run =
      spec && handler
        ? (async () => await handler(spec.params.parse(message.params), { signal: controller.signal, emit: (event) => send({ type: 'event', id: message.id, event }) }))()
        : Promise.reject(new WorkbenchError('unsupported', `This host has no method "${message.method}"`));
    run.then(
      (result) => send({ type: 'result', id: message.id, result }),
      (error: unknown) => {
        const shaped = controller.signal.aborted ? new WorkbenchError('cancelled', 'Cancelled', undefined, reason('cancelled', {})) : WorkbenchError.from(error);
        send({ type: 'error', id: message.id, error: shaped.toShape() });
      },
    ).finally(() => inFlight.delete(message.id));
  };

  if (electronPort) electronPort.on('message', (event) => onMessage(event.data as EngineToHostMessage));
  else process.on('message', (message) => onMessage(message as EngineToHostMessage));
  // A host whose parent has gone must not linger holding GPU memory.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}
