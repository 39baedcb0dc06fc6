// Issue #17, item 4: every exported function (and method) others call carries a TSDoc `@example`,
// and every `@example` of the packages' exported API compiles against its package as a consumer
// writes it (tooling/api-docs/check-examples.mjs: virtual modules importing from the package name,
// TypeScript's API, `nodenext`, the repository's strict options).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const script = join(root, 'tooling/api-docs/check-examples.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function check(args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8', timeout: 110_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('TSDoc @example blocks of packages/', () => {
  it('every exported function and method has one, and every one compiles against its package', () => {
    const r = check();
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^\d{3,} @example blocks on \d+ exports of 7 packages compile; every exported function and method has one \(3 listed exceptions\)\n$/u);
    expect(r.status).toBe(0);
  });

  it('fails naming file, symbol and the compiler message for an example that does not compile or a function without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollkit-examples-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'packages/demo/src'), { recursive: true });
    writeFileSync(join(dir, 'packages/demo/package.json'), JSON.stringify({ name: '@tollkit/demo', type: 'module', exports: { '.': './src/index.ts' } }));
    writeFileSync(
      join(dir, 'packages/demo/src/index.ts'),
      [
        '/**',
        ' * Adds.',
        ' *',
        ' * @example',
        ' * ```ts',
        " * const three: number = add(1, 2); // '@demo' in a string or comment does not end the example",
        ' * ```',
        ' */',
        'export function add(a: number, b: number): number {',
        '  return a + b;',
        '}',
        '',
        '/**',
        ' * Doubles.',
        ' *',
        ' * @example',
        " * const four: string = double(2);",
        ' */',
        'export function double(a: number): number {',
        '  return a * 2;',
        '}',
        '',
        '/** Halves (no example). */',
        'export const half = (a: number): number => a / 2;',
        '',
        '/** A thing with a method. */',
        'export interface Box {',
        '  /** Opens it. */',
        '  open(): void;',
        '}',
        '',
      ].join('\n'),
    );
    const r = check(['--root', dir]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain("packages/demo/src/index.ts:19 @tollkit/demo double @example (example line 1): TS2322 Type 'number' is not assignable to type 'string'.");
    expect(lines).toContain('packages/demo/src/index.ts:24 @tollkit/demo half: exported function without a TSDoc @example');
    expect(lines).toContain('packages/demo/src/index.ts:29 @tollkit/demo Box.open: exported method without a TSDoc @example');
    expect(lines.filter((l) => l.includes(' add'))).toEqual([]); // the good example compiles
    expect(lines.at(-1)).toBe('2 exported function(s) or method(s) without an @example, 1 compile error(s) in 2 @example blocks');
  });
});
