// Issue #13, fault 8: `npm test` does all set-up itself. scripts/ensure-system-packages.mjs installs
// openssh-server, PostgreSQL and Chromium when missing and allowed (root + apt-get), otherwise fails at
// once with one line naming what to install; `npm test` and `.ci/run` both run it first.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decide as decideTyped, REQUIREMENTS as requirements } from '../../scripts/ensure-system-packages.mjs';

const root = new URL('../../', import.meta.url).pathname;
const script = join(root, 'scripts/ensure-system-packages.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const allFiles = requirements.flatMap((r) => r.files);
const present = (missing: string[]) => (file: string) => !requirements.some((r) => missing.includes(r.pkg) && r.files.includes(file));

describe('decide', () => {
  it('does nothing when every package is present', () => {
    expect(decideTyped({ exists: present([]), isRoot: false, hasAptGet: false })).toEqual({ action: 'none' });
  });

  it('installs exactly the missing packages when root with apt-get', () => {
    expect(decideTyped({ exists: present(['openssh-server', 'chromium']), isRoot: true, hasAptGet: true })).toEqual({
      action: 'install',
      packages: ['openssh-server', 'chromium'],
    });
  });

  it('a package counts as missing when any of its files is (sshd without ssh-keygen)', () => {
    const d = decideTyped({ exists: (f) => f !== '/usr/bin/ssh-keygen', isRoot: true, hasAptGet: true });
    expect(d).toEqual({ action: 'install', packages: ['openssh-server'] });
  });

  it('fails with one line naming the packages when not root, or without apt-get', () => {
    const notRoot = decideTyped({ exists: present(['postgresql']), isRoot: false, hasAptGet: true });
    expect(notRoot).toMatchObject({ action: 'fail', packages: ['postgresql'] });
    expect(notRoot.action === 'fail' && notRoot.message).toBe(
      'tollkit tests: missing system packages postgresql (not root, so not installed here); install them: sudo apt-get install -y postgresql',
    );
    const noApt = decideTyped({ exists: () => false, isRoot: true, hasAptGet: false });
    expect(noApt.action === 'fail' && noApt.message).toMatch(/^tollkit tests: missing system packages openssh-server, postgresql, chromium \(apt-get is not on PATH.*sudo apt-get install -y openssh-server postgresql chromium$/);
  });
});

/** A fake system root plus a fake apt-get that logs its arguments and, on install, creates the probed files. */
function fakeSystem(aptExit: number): { sysroot: string; bin: string; log: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tollkit-ensure-'));
  dirs.push(dir);
  const sysroot = join(dir, 'root');
  const bin = join(dir, 'bin');
  const log = join(dir, 'apt.log');
  mkdirSync(sysroot);
  mkdirSync(bin);
  const creates = allFiles.map((f) => `mkdir -p "$(dirname "${sysroot}${f}")" && touch "${sysroot}${f}"`).join('\n    ');
  writeFileSync(
    join(bin, 'apt-get'),
    `#!/bin/sh\necho "$DEBIAN_FRONTEND apt-get $*" >> "${log}"\nif [ "$1" = install ] && [ ${aptExit} -eq 0 ]; then\n    ${creates}\nfi\nexit ${aptExit}\n`,
  );
  chmodSync(join(bin, 'apt-get'), 0o755);
  chmodSync(dir, 0o755);
  return { sysroot, bin, log };
}

function run(env: Record<string, string>, uid?: number) {
  return spawnSync(process.execPath, [script], {
    encoding: 'utf8',
    env: { PATH: env['PATH'] ?? '/usr/bin:/bin', ...env },
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
}

describe('scripts/ensure-system-packages.mjs as a process', () => {
  it('on this machine: everything present, exits 0 without output', () => {
    const r = run({ PATH: process.env['PATH'] ?? '' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  });

  it.runIf(process.getuid?.() === 0)('as root with apt-get: runs apt-get update then install of the missing packages, then exits 0', () => {
    const sys = fakeSystem(0);
    const r = run({ TOLLKIT_SYSTEM_ROOT: sys.sysroot, PATH: `${sys.bin}:/usr/bin:/bin` });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(sys.log, 'utf8').trim().split('\n')).toEqual([
      'noninteractive apt-get update -qq',
      'noninteractive apt-get install -y -qq --no-install-recommends openssh-server postgresql chromium',
    ]);
    const again = run({ TOLLKIT_SYSTEM_ROOT: sys.sysroot, PATH: `${sys.bin}:/usr/bin:/bin` });
    expect(again.status).toBe(0);
    expect(readFileSync(sys.log, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it.runIf(process.getuid?.() === 0)('when apt-get fails: exits 1 with the one line naming what to install', () => {
    const sys = fakeSystem(100);
    const r = run({ TOLLKIT_SYSTEM_ROOT: sys.sysroot, PATH: `${sys.bin}:/usr/bin:/bin` });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(
      'tollkit tests: missing system packages openssh-server, postgresql, chromium (apt-get update exited 100, so not installed here); install them: sudo apt-get install -y openssh-server postgresql chromium',
    );
  });

  it.runIf(process.getuid?.() === 0)('as a user that is not root (uid 65534): fails at once, apt-get never run', () => {
    const sys = fakeSystem(0);
    const started = performance.now();
    const r = run({ TOLLKIT_SYSTEM_ROOT: sys.sysroot, PATH: `${sys.bin}:/usr/bin:/bin` }, 65534);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'tollkit tests: missing system packages openssh-server, postgresql, chromium (not root, so not installed here); install them: sudo apt-get install -y openssh-server postgresql chromium\n',
    );
    expect(() => readFileSync(sys.log)).toThrow(/ENOENT/);
  });
});

describe('npm test and CI share the set-up', () => {
  it('the root "test" script runs ensure-system-packages before installing and testing', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['test']).toMatch(/^node scripts\/ensure-system-packages\.mjs && /);
  });

  it('.ci/run runs the same script and has no apt-get of its own', () => {
    const ci = readFileSync(join(root, '.ci/run'), 'utf8');
    expect(ci).toContain('node scripts/ensure-system-packages.mjs');
    expect(ci).not.toMatch(/apt-get (update|install)/);
  });
});
