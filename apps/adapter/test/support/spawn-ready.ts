import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Spawns a server and resolves once `readyText` appears on its stderr/stdout; rejects with the
 * collected output when it exits first or `timeoutMs` passes.
 */
export function spawnUntilReady(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { readyText: string; timeoutMs?: number },
): Promise<{ child: ChildProcess; output: () => string }> {
  const { readyText, timeoutMs = 15_000, ...spawnOptions } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`${command} not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error === undefined) resolve({ child, output: () => output });
      else {
        child.kill('SIGKILL');
        reject(error);
      }
    };
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      if (output.length > 200_000) output = output.slice(-100_000);
      if (output.includes(readyText)) finish();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => finish(error));
    child.once('exit', (code, signal) => finish(new Error(`${command} exited (${code ?? signal}) before ready:\n${output}`)));
  });
}

/** Waits until the child has exited (or `timeoutMs` passes). */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
