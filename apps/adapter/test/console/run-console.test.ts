/**
 * `tollkit run` serves the console on the ops port from the config (`service.console`), and leaves
 * it out when `enabled: false` — `/healthz` and `/metrics` unchanged either way. Real playground,
 * real folders, real SQLite, real HTTP on a free loopback port.
 */
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdapter } from '../../src/commands/run.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { RunningService } from '../../src/service/start-service.js';
import { memoryLog, tempRoot, writePlaygroundConfig } from '../e2e/harness.js';

describe('tollkit run and the console', () => {
  let pg: Playground;
  const temp = tempRoot('tollkit-run-console-');

  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
  });
  afterAll(async () => {
    await pg?.close();
    temp.remove();
  });

  /** Runs the adapter with `service` lines, calls `check` with the ops URL, then stops it. */
  const withRun = async (service: readonly string[], check: (url: string) => Promise<void>): Promise<void> => {
    const file = writePlaygroundConfig(temp.root, pg, ['service:', '  http: { host: 127.0.0.1, port: 0 }', ...service]);
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let started: (s: RunningService) => void = () => undefined;
    const running = new Promise<RunningService>((resolve) => {
      started = resolve;
    });
    const log = memoryLog();
    const run = runAdapter(loadConfig(file, { env: { OPERATOR_TOKEN: 't0ken' } }), { log, stop: stopped, onStarted: started });
    try {
      const service = await Promise.race([running, run.then(() => Promise.reject(new Error('run ended early')))]);
      await check(service.httpUrl ?? '');
    } finally {
      // Stopping right after the start (while the first routing pass may still run) is prompt:
      // a stop that came during a pass was once missed, and shutdown waited its whole 10 s grace.
      const stopAt = Date.now();
      stop();
      await run;
      expect(Date.now() - stopAt).toBeLessThan(5_000);
      expect(log.lines.filter((l) => l.msg.startsWith('work still in progress at shutdown'))).toEqual([]);
    }
  };

  it('serves the console beside /healthz and /metrics, with a login when operators are configured', async () => {
    await withRun(['  console:', '    operators: [{ name: anna, tokenEnv: OPERATOR_TOKEN }]'], async (url) => {
      const home = await fetch(`${url}/`);
      expect(home.status).toBe(200);
      const text = await home.text();
      expect(text).toContain('<h1>Overview</h1>');
      expect(text).toContain('Log in for actions');
      expect(text).toContain('acme');
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
      const api = await fetch(`${url}/manifests`, { headers: { authorization: 'Bearer t0ken' } });
      expect(await api.text()).toContain('Operator: <strong>anna</strong>');
    });
  });

  it('leaves the console out with enabled: false', async () => {
    await withRun(['  console: { enabled: false }'], async (url) => {
      expect((await fetch(`${url}/`)).status).toBe(404);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });
  });
});
