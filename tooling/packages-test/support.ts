/** Shared helpers of the package checks: the packages, pnpm/npm runs, fresh consumer projects. */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The libraries under packages/ (folder name → package.json). */
export const LIBRARIES: readonly { dir: string; name: string; version: string; dependencies: Record<string, string> }[] = readdirSync(
  join(REPO_ROOT, 'packages'),
)
  .sort()
  .map((dir) => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8')) as {
      name: string;
      version: string;
      dependencies?: Record<string, string>;
    };
    return { dir, name: pkg.name, version: pkg.version, dependencies: pkg.dependencies ?? {} };
  });

/** `@tollkit/messages` 0.1.0 → `tollkit-messages-0.1.0.tgz`, as `pnpm pack` names it. */
export function tarballName(lib: { name: string; version: string }): string {
  return `${lib.name.replace(/^@/, '').replace('/', '-')}-${lib.version}.tgz`;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command; throws with its output when it fails (unless `allowFailure`). */
export function run(cmd: string, args: readonly string[], cwd: string, options: SpawnSyncOptions & { allowFailure?: boolean } = {}): RunResult {
  const { allowFailure, ...spawnOptions } = options;
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...spawnOptions });
  const result = { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  if (!allowFailure && r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status ?? r.signal}:\n${result.stdout}\n${result.stderr}`.slice(0, 20_000));
  }
  return result;
}

/** The pinned pnpm (scripts/pnpm.mjs picks the one on PATH when its version matches). */
export function pnpm(args: readonly string[], cwd: string, options: SpawnSyncOptions & { allowFailure?: boolean } = {}): RunResult {
  return run(process.execPath, [join(REPO_ROOT, 'scripts/pnpm.mjs'), ...args], cwd, options);
}

/** The workspace's pnpm store, so consumer installs link from it instead of downloading. */
export function pnpmStoreDir(): string {
  return pnpm(['store', 'path'], REPO_ROOT).stdout.trim();
}

/**
 * A fresh project in the system temp folder (outside the workspace) whose dependencies are the
 * given tarballs: each @tollkit package — direct or reached through another one — resolves to its
 * tarball (npm `overrides` / pnpm `pnpm.overrides`), everything else to the registry versions the
 * tarballs name (installed offline-first from the npm cache or the pnpm store).
 */
export function consumerProject(tarballDir: string, manifest: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tollkit-consumer-'));
  const tarballs = Object.fromEntries(LIBRARIES.map((lib) => [lib.name, `file:${join(tarballDir, tarballName(lib))}`]));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'tollkit-consumer', private: true, type: 'module', ...manifest, dependencies: { ...tarballs, ...(manifest['dependencies'] as object) }, overrides: tarballs, pnpm: { overrides: tarballs } }, null, 2)}\n`,
  );
  return dir;
}

/** The fenced code block of `lang` that follows `heading` in the root README. */
export function readmeBlock(heading: string, lang: string, nth = 0): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start === -1) throw new Error(`README.md has no "## ${heading}" section`);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const blocks = [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
  const block = blocks[nth];
  if (block === undefined) throw new Error(`README.md "## ${heading}" has no ${nth + 1}. \`\`\`${lang} block`);
  return block;
}
