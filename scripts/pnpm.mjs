#!/usr/bin/env node
// Runs the pinned pnpm (package.json "packageManager") on a machine that has only Node and npm.
// Uses a pnpm already on PATH when its version matches; otherwise `npx -y pnpm@<pin>`.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pin = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager;
const version = pin.replace(/^pnpm@/, '').split('+')[0];
const args = process.argv.slice(2);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' };

const local = spawnSync('pnpm', ['--version'], { encoding: 'utf8', env });
const [cmd, cmdArgs] =
  local.status === 0 && local.stdout.trim() === version
    ? ['pnpm', args]
    : ['npx', ['-y', `pnpm@${version}`, ...args]];
const run = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env });
process.exit(run.status ?? 1);
