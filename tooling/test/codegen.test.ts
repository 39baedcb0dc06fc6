// Issue #19: generators write only when content changes, atomically; a codegen run on an up-to-date
// checkout leaves every generated file untouched (same bytes, same mtime, `git status` clean).
// (That a stale module is rewritten before any typecheck reads it is shown by scripts/typecheck-race.mjs,
// which edits the real generated files; a test must not, since other test files read them meanwhile.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syncGeneratedDir, writeIfChanged } from '../../scripts/lib/write-generated.js';

const root = new URL('../../', import.meta.url).pathname;
const GENERATED = ['packages/codesets/src/generated', 'packages/procedures/src/generated', 'packages/manifest/schema'];
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'tollkit-codegen-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function git(...args: string[]): string {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

describe('writeIfChanged', () => {
  it('leaves a file with the same text untouched (mtime kept) and replaces a changed one without leaving a temp file', () => {
    const dir = tempDir();
    const file = join(dir, 'a.ts');
    expect(writeIfChanged(file, 'export const a = 1;\n')).toBe(true);
    utimesSync(file, new Date(2020, 0, 1), new Date(2020, 0, 1));
    const before = statSync(file).mtimeMs;
    expect(writeIfChanged(file, 'export const a = 1;\n')).toBe(false);
    expect(statSync(file).mtimeMs).toBe(before);
    const inode = statSync(file).ino;
    expect(writeIfChanged(file, 'export const a = 2;\n')).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('export const a = 2;\n');
    expect(statSync(file).ino).not.toBe(inode); // renamed over, not rewritten in place
    expect(readdirSync(dir)).toEqual(['a.ts']);
  });

  it('syncGeneratedDir writes changed files, removes files no longer produced and keeps the rest', () => {
    const dir = tempDir();
    syncGeneratedDir(dir, new Map([['lists/a.ts', 'a'], ['b.ts', 'b'], ['old.ts', 'old']]));
    const result = syncGeneratedDir(dir, new Map([['lists/a.ts', 'a'], ['b.ts', 'B']]));
    expect(result).toEqual({ written: ['b.ts'], removed: ['old.ts'] });
    expect(readFileSync(join(dir, 'b.ts'), 'utf8')).toBe('B');
  });
});

describe('pnpm codegen on an up-to-date checkout', () => {
  it('touches no generated file: same mtimes, git status clean', () => {
    const files = git('ls-files', '--', ...GENERATED).split('\n');
    expect(files.length).toBeGreaterThan(20);
    expect(git('status', '--porcelain', '--', ...GENERATED), 'generated files differ from git before the run').toBe('');
    const before = new Map(files.map((f) => [f, statSync(join(root, f)).mtimeMs]));
    const run = spawnSync(process.execPath, ['scripts/pnpm.mjs', 'run', '-s', 'codegen'], { cwd: root, encoding: 'utf8' });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/codesets: \d+ generated modules, 0 written, 0 removed/);
    expect(run.stdout).toMatch(/procedures: .* unchanged/);
    expect(run.stdout).toMatch(/manifest: .* unchanged/);
    const touched = files.filter((f) => statSync(join(root, f)).mtimeMs !== before.get(f));
    expect(touched).toEqual([]);
    expect(git('status', '--porcelain', '--', ...GENERATED)).toBe('');
  });
});
