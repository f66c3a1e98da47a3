import {
  isMethodName,
  methods,
  type MethodName,
  type MethodOutput,
  type MethodParsedInput,
} from '../shared/contract/index.ts';
import { WorkbenchError } from '../shared/contract/errors.ts';
import { fieldIssueReason } from './fieldIssueReason.ts';

/** Who is calling: the router passes it so handlers can scope work (e.g. cancel a client's jobs on disconnect). */
export interface CallContext {
  readonly clientId: string;
}

export type Handler<M extends MethodName> = (
  input: MethodParsedInput<M>,
  context: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>;

/** Collects one handler per contract method; the router refuses methods without one. */
export class HandlerRegistry {
  private readonly handlers = new Map<MethodName, Handler<MethodName>>();

  handle<M extends MethodName>(name: M, handler: Handler<M>): void {
    if (this.handlers.has(name)) throw new Error(`Handler for ${name} registered twice`);
    this.handlers.set(name, handler as unknown as Handler<MethodName>);
  }

  registeredNames(): MethodName[] {
    return [...this.handlers.keys()];
  }

  /**
   * Parse the input with the contract's schema, run the handler, and (outside production) check the output
   * against the contract too, so a drifting handler fails in tests rather than in the UI.
   */
  async dispatch(name: string, rawInput: unknown, context: CallContext): Promise<unknown> {
    if (!isMethodName(name)) throw new WorkbenchError('not_found', `Unknown method "${name}"`);
    const handler = this.handlers.get(name);
    if (!handler) throw new WorkbenchError('unsupported', `Method "${name}" is not available in this engine`);
    const spec = methods[name];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new WorkbenchError(
        'bad_input',
        `${name}: ${field ? `field "${field}": ` : ''}${issue?.message ?? 'invalid input'}`,
        { method: name, field, issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
        fieldIssueReason(issue, field),
      );
    }
    const output = await handler(parsed.data as MethodParsedInput<MethodName>, context);
    if (process.env.NODE_ENV !== 'production') {
      const checked = spec.output.safeParse(output);
      if (!checked.success) {
        throw new WorkbenchError('internal', `${name} returned output that breaks the contract: ${checked.error.message}`);
      }
    }
    return output;
  }
}
