/**
 * Issue #14: "--log-level debug|trace adds nothing". Each Customs call is one debug line (method,
 * path, status, duration) and, at trace, the same line with the bodies — never a token. Real pino
 * logger, real playground over HTTP.
 */
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPlayground } from '../../src/service/connect-playground.js';
import { logCustomsCalls } from '../../src/service/lib/customs-call-log.js';
import { createLogger } from '../../src/service/create-logger.js';

describe('Customs calls in the log', () => {
  let pg: Playground;
  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
  });
  afterAll(async () => {
    await pg?.close();
  });

  const callWith = async (level: string): Promise<{ level: number; msg: string; [k: string]: unknown }[]> => {
    const lines: string[] = [];
    const log = createLogger({ level, stream: { write: (line) => void lines.push(line) } });
    const { client } = connectPlayground(pg, { onEvent: logCustomsCalls(log) });
    await client.testAuth('road');
    await client.getValidationStatus({ api: 'notification', mode: 'road', level: 'transport' }, '3f1c2a4e-0000-4000-8000-000000000000');
    return lines.map((l) => JSON.parse(l) as { level: number; msg: string });
  };

  it('debug: method, path, status and duration per call; no bodies, no token', async () => {
    const lines = await callWith('debug');
    const calls = lines.filter((l) => l.msg.startsWith('customs call '));
    expect(calls).toEqual([
      expect.objectContaining({ level: 20, method: 'GET', path: expect.stringMatching(/test-auth/), status: 200, durationMs: expect.any(Number), attempt: 1 }),
      expect.objectContaining({ level: 20, method: 'GET', path: expect.stringMatching(/validation-status/), status: 404 }),
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/Bearer|eyJ[A-Za-z0-9_-]{10,}|requestBody|responseBody/);
    expect(await callWith('info')).toEqual([]);
  });

  it('trace: the same lines with the bodies', async () => {
    const calls = (await callWith('trace')).filter((l) => l.msg.startsWith('customs call '));
    expect(calls[0]).toEqual(expect.objectContaining({ level: 10, method: 'GET', status: 200, responseBody: expect.any(String) }));
    expect(JSON.stringify(calls)).not.toMatch(/Bearer|eyJ[A-Za-z0-9_-]{10,}/);
  });
});
