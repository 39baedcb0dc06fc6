/**
 * bench/lib/process-cpu: a process tree's CPU includes its live children and, once they exit, what
 * its reaped children used (how bench/scale.ts counts PostgreSQL's backends). Real processes.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { machineCpuMs, processTreeCpuMs } from '../lib/process-cpu.js';

/** A parent that starts a child burning `busyMs` of CPU, then (`wait`) keeps the child alive or lets it exit; prints "burnt". */
const PARENT = `
const { spawn } = require('node:child_process');
const child = spawn(process.execPath, ['-e', 'const t = Date.now(); while (Date.now() - t < 400) {} console.log("burnt"); setInterval(() => {}, 1000)'], { stdio: ['ignore', 'pipe', 'ignore'] });
child.stdout.on('data', () => { console.log('burnt'); if (process.argv[1] === 'reap') { child.kill(); child.on('exit', () => console.log('reaped')); } });
setInterval(() => {}, 1000);
`;

async function parentWithBusyChild(mode: 'live' | 'reap', until: string): Promise<ReturnType<typeof spawn>> {
  const parent = spawn(process.execPath, ['-e', PARENT, mode], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  parent.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  while (!out.includes(until)) await new Promise((r) => setTimeout(r, 20));
  return parent;
}

describe('process tree CPU', () => {
  it('counts a live child\'s CPU in its parent\'s tree, and a reaped one\'s too', async () => {
    for (const [mode, until] of [['live', 'burnt'], ['reap', 'reaped']] as const) {
      const parent = await parentWithBusyChild(mode, until);
      try {
        // the child burnt ~400 ms (a loaded machine may give it less CPU in that wall time, never more)
        expect(processTreeCpuMs(parent.pid as number), mode).toBeGreaterThan(150);
      } finally {
        parent.kill('SIGKILL');
        await once(parent, 'exit');
      }
    }
    expect(processTreeCpuMs(2 ** 22 + 12_345)).toBe(0);
  });

  it('reads the machine\'s busy and total CPU time, growing', async () => {
    const a = machineCpuMs();
    await new Promise((r) => setTimeout(r, 200));
    const b = machineCpuMs();
    expect(b.total).toBeGreaterThan(a.total);
    expect(b.busy).toBeGreaterThanOrEqual(a.busy);
    expect(b.busy).toBeLessThanOrEqual(b.total);
  });
});
