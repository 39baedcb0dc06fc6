/**
 * Issue #17: publint and Are the Types Wrong report nothing for any packed package. attw runs with
 * its `esm-only` profile: the packages are ESM only by design (`require` of them is Node's
 * require(esm), not a CommonJS build), so the CommonJS-resolution rows are not asked for.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { LIBRARIES, REPO_ROOT, run, tarballName } from './support.js';

interface AttwProblem { kind: string; resolutionKind?: string; entrypoint?: string }
/** attw's JSON report per package, all packages checked at once (each run loads its own TypeScript). */
const attwReports = new Map<string, { status: number; problems: AttwProblem[] }>();
beforeAll(async () => {
  const attw = join(REPO_ROOT, 'tooling/node_modules/@arethetypeswrong/cli/dist/index.js');
  await Promise.all(
    LIBRARIES.map(async (lib) => {
      const args = [attw, join(inject('tarballDir'), tarballName(lib)), '--profile', 'esm-only', '--format', 'json'];
      const r = await promisify(execFile)(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }).then(
        (ok) => ({ status: 0, stdout: ok.stdout }),
        (failed: { code: number; stdout: string }) => ({ status: failed.code, stdout: failed.stdout }),
      );
      const report = JSON.parse(r.stdout) as { analysis: { problems: AttwProblem[] } };
      attwReports.set(lib.name, { status: r.status, problems: report.analysis.problems });
    }),
  );
});

/** Resolution kinds the esm-only profile leaves out (CommonJS `require` and pre-exports node10). */
const NOT_ASKED = new Set(['node10', 'node16-cjs']);

describe.each(LIBRARIES)('$name', (lib) => {
  const tarball = (): string => join(inject('tarballDir'), tarballName(lib));

  it('publint (strict, down to suggestions) reports nothing', async () => {
    const bytes = readFileSync(tarball());
    const { messages, pkg } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer },
      level: 'suggestion',
      strict: true,
    });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([]);
  });

  it('attw --profile esm-only reports no problem', () => {
    const report = attwReports.get(lib.name);
    expect(report?.problems.filter((p) => p.resolutionKind === undefined || !NOT_ASKED.has(p.resolutionKind))).toEqual([]);
    expect(report?.status).toBe(0);
  });

  it('the packed package.json serves dist/ (types first) and no workspace ranges', () => {
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball(), 'package/package.json'], REPO_ROOT).stdout) as {
      exports: Record<string, unknown>;
      dependencies?: Record<string, string>;
      private?: boolean;
    };
    expect(manifest.private).toBeUndefined();
    expect(Object.keys(manifest.exports['.'] as object)[0]).toBe('types');
    expect(manifest.exports['.']).toEqual({
      types: './dist/index.d.ts',
      ...(lib.name === '@tollkit/manifest' ? { browser: './dist/browser.js' } : {}),
      default: './dist/index.js',
    });
    for (const range of Object.values(manifest.dependencies ?? {})) expect(range).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
