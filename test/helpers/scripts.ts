/** Runs an operator's script (scripts/*.ts) as ops run it, against the local stack's table. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Its exit code and output; a non-zero exit is an answer here, not an error. */
export async function runScript(script: string, args: string[] = []): Promise<{ code: number; stdout: string }> {
  return run(process.execPath, [require.resolve('tsx/cli'), `scripts/${script}`, ...args], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, AWS_REGION: '', AWS_DEFAULT_REGION: '' },
  }).then(({ stdout }) => ({ code: 0, stdout }), (failed: { code?: number; stdout?: string }) => {
    if (typeof failed.code !== 'number' || failed.stdout === undefined) throw failed;
    return { code: failed.code, stdout: failed.stdout };
  });
}
