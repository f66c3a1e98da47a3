import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * `workbench …` as a user types it (the real CLI entry in a child process) with the given environment, and
 * `failing(…)` for commands that must exit non-zero: it returns their exit code, stdout and stderr.
 */
export function workbenchCli(env: NodeJS.ProcessEnv) {
  const workbench = (...args: string[]) => run(process.execPath, ['apps/cli/bin/workbench.mjs', ...args], { env, maxBuffer: 64 * 1024 * 1024 });
  const failing = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      await workbench(...args);
    } catch (error) {
      const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    }
    throw new Error(`workbench ${args.join(' ')} succeeded`);
  };
  return { workbench, failing };
}
