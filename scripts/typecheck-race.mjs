#!/usr/bin/env node
// Issue #19: runs the typecheck of every package in parallel (`turbo run typecheck --force`, codegen
// enabled, turbo's default concurrency) N times in a row (default 20) and fails on the first failure.
//
// Before each run it makes every generated file stale — procedures' procedure-data.ts and codesets'
// exports.ts reduced to `export {};`, codesets' countries.ts deleted, manifest's JSON Schema emptied —
// so each run's codegen must rewrite them while other packages' typechecks are scheduled. A typecheck
// that starts before every codegen its sources reach (even transitively) has finished reads a stale
// module and fails (TS2305 "has no exported member"). After the last run it checks that the
// generated files are back to the committed text, then runs once more on the clean tree and checks
// that codegen touched nothing (mtimes unchanged, `git status` clean).
//
// Usage: node scripts/typecheck-race.mjs [--runs 20]
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg === -1 ? 20 : Number(process.argv[runsArg + 1]);
if (!Number.isInteger(runs) || runs < 1) throw new TypeError('--runs must be a positive integer');

/** Generated files (relative to the root) and how each is made stale. */
const STALE = [
  ['packages/procedures/src/generated/procedure-data.ts', 'export {};\n'],
  ['packages/codesets/src/generated/exports.ts', 'export {};\n'],
  ['packages/codesets/src/generated/countries.ts', null],
  ['packages/manifest/schema/mapping-profile.schema.json', '{}\n'],
];
const GENERATED = ['packages/codesets/src/generated', 'packages/procedures/src/generated', 'packages/manifest/schema'];

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...opts });
}
function gitStatus() {
  return sh('git', ['status', '--porcelain', '--', ...GENERATED]).stdout.trim();
}
function mtimes() {
  const files = sh('git', ['ls-files', '--', ...GENERATED]).stdout.trim().split('\n');
  return new Map(files.map((f) => [f, statSync(`${root}/${f}`).mtimeMs]));
}
function typecheck() {
  const started = performance.now();
  const r = sh(process.execPath, ['scripts/pnpm.mjs', 'exec', 'turbo', 'run', 'typecheck', '--force', '--output-logs=errors-only']);
  return { ok: r.status === 0, seconds: (performance.now() - started) / 1000, output: `${r.stdout}${r.stderr}` };
}

if (gitStatus() !== '') {
  console.error(`typecheck-race: generated files differ from git before the first run:\n${gitStatus()}`);
  process.exit(2);
}
let failures = 0;
for (let i = 1; i <= runs; i += 1) {
  for (const [file, text] of STALE) {
    if (text === null) rmSync(`${root}/${file}`);
    else writeFileSync(`${root}/${file}`, text);
  }
  const r = typecheck();
  console.log(`run ${String(i).padStart(2)}/${runs}: ${r.ok ? 'ok' : 'FAILED'} in ${r.seconds.toFixed(1)} s`);
  if (!r.ok) {
    failures += 1;
    console.log(r.output.split('\n').filter((l) => /error|ERR|failed/i.test(l)).slice(0, 12).join('\n'));
    sh(process.execPath, ['scripts/pnpm.mjs', 'run', '-s', 'codegen']);
    break;
  }
}
const restored = gitStatus();
console.log(`generated files after the runs: ${restored === '' ? 'identical to git' : `DIFFER\n${restored}`}`);
const before = mtimes();
const clean = typecheck();
const touched = [...mtimes()].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
console.log(`clean-tree run: ${clean.ok ? 'ok' : 'FAILED'} in ${clean.seconds.toFixed(1)} s; generated files rewritten: ${touched.length}${touched.length ? ` (${touched.join(', ')})` : ''}; git status: ${gitStatus() === '' ? 'clean' : 'DIRTY'}`);
const ok = failures === 0 && restored === '' && clean.ok && touched.length === 0 && gitStatus() === '';
console.log(`typecheck-race: ${ok ? `${runs} passed, 0 failed` : 'FAILED'}`);
process.exit(ok ? 0 : 1);
