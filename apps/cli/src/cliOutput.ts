import { WorkbenchError } from '../../../electron/shared/contract/errors.ts';

/** A problem with what the user typed or pointed at: printed as one line, exit code 2 for usage, 1 otherwise. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** With --json, stdout carries exactly one JSON document (or JSON lines for streams) and nothing else. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Turns any thrown error into the one-line message a CLI user should see. */
export function describeError(error: unknown, debug: boolean): string {
  if (debug && error instanceof Error && error.stack) return error.stack;
  if (error instanceof CliError || error instanceof WorkbenchError) return error.message;
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.message;
  return String(error);
}

export const parseIntegerOption = (name: string) => (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new CliError(`--${name} must be a whole number, got "${value}"`, 2);
  return parsed;
};

export const parseNumberOption = (name: string) => (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new CliError(`--${name} must be a number, got "${value}"`, 2);
  return parsed;
};
