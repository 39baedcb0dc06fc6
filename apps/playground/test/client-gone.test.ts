import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../src/index.js';
import { BASE } from './support/bodies.js';
import { ORG_A, tokenFor } from './support/flow.js';

describe('a client that goes away mid-request', () => {
  const lines: string[] = [];
  let pg: Playground;
  let token: string;
  beforeAll(async () => {
    pg = await startPlayground({ port: 0, validationDelayMs: 0, log: (line) => lines.push(line) });
    token = await tokenFor(pg, ORG_A);
  });
  afterAll(async () => {
    await pg.close();
  });

  it('is logged in one line as gone, not as an unexpected error, and the playground keeps serving', async () => {
    const { hostname, port } = new URL(pg.url);
    const path = `${BASE.road.submit}/house-consignment`;
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => {
        // Promises 1,000 bytes of body, sends 20, then hangs up (an adapter killed by kill -9 mid-POST).
        socket.write(
          `POST ${path} HTTP/1.1\r\nhost: ${hostname}\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"consignmentHouse`,
        );
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
      socket.on('error', reject);
    });
    await expect.poll(() => lines.filter((l) => l.includes('client went away')), { timeout: 5_000 }).toEqual([`playground: client went away during POST ${path}`]);
    expect(lines.filter((l) => l.includes('unexpected error'))).toEqual([]);
    const after = await fetch(`${pg.url}${BASE.road.submit}/test-auth`, { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(200);
  });
});
