#!/usr/bin/env node
// Makes sure the system packages the tests start for real are installed (issue #13, fault 8):
// OpenSSH's sshd (SFTP intake tests), PostgreSQL 15 (PostgreSQL store tests) and Chromium (browser
// tests). Run first by `npm test` and by `.ci/run`, so both set up the machine the same way.
//
// When something is missing and this process may install it (root, and apt-get on PATH) it runs
// `apt-get update` + `apt-get install --no-install-recommends`; otherwise it exits 1 at once with
// one line naming what to install. It never lets a test be skipped for want of a package.
//
// TOLLKIT_SYSTEM_ROOT (default `/`) prefixes every probed path; the tests use it with a fake apt-get.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What the tests need: the Debian package and the files whose presence proves it is installed. */
export const REQUIREMENTS = [
  { pkg: 'openssh-server', files: ['/usr/sbin/sshd', '/usr/bin/ssh-keygen'] },
  { pkg: 'postgresql', files: ['/usr/lib/postgresql/15/bin/postgres', '/usr/lib/postgresql/15/bin/initdb'] },
  { pkg: 'chromium', files: ['/usr/bin/chromium'] },
];

/**
 * Decides what to do from what is present.
 * @param {{ exists: (file: string) => boolean; isRoot: boolean; hasAptGet: boolean }} probe
 * @returns {{ action: 'none' } | { action: 'install'; packages: string[] } | { action: 'fail'; packages: string[]; message: string }}
 */
export function decide({ exists, isRoot, hasAptGet }) {
  const packages = REQUIREMENTS.filter((r) => !r.files.every((f) => exists(f))).map((r) => r.pkg);
  if (packages.length === 0) return { action: 'none' };
  if (isRoot && hasAptGet) return { action: 'install', packages };
  return { action: 'fail', packages, message: failLine(packages, isRoot ? 'apt-get is not on PATH' : 'not root') };
}

function failLine(packages, why) {
  return `tollkit tests: missing system packages ${packages.join(', ')} (${why}, so not installed here); install them: sudo apt-get install -y ${packages.join(' ')}`;
}

function onPath(command, path = process.env.PATH ?? '') {
  return path.split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, command)));
}

function main() {
  const root = process.env.TOLLKIT_SYSTEM_ROOT ?? '/';
  const exists = (file) => existsSync(join(root, file));
  const probe = () => decide({ exists, isRoot: process.getuid?.() === 0, hasAptGet: onPath('apt-get') });
  const first = probe();
  if (first.action === 'none') return 0;
  if (first.action === 'fail') {
    console.error(first.message);
    return 1;
  }
  console.error(`tollkit tests: installing ${first.packages.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', ...first.packages]]) {
    const run = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (run.status !== 0) {
      console.error(`${failLine(first.packages, `apt-get ${args[0]} exited ${run.status ?? run.signal}`)}`);
      return 1;
    }
  }
  const after = probe();
  if (after.action !== 'none') {
    console.error(failLine(after.packages, 'still missing after apt-get install'));
    return 1;
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main());
