/** Packed size and dependencies of each packed library, as the README's table of packages shows them. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LIBRARIES, run, tarballName } from './support.js';

export interface PackageFigures {
  name: string;
  packedKb: number;
  files: number;
  dependencies: string[];
}

export function packageFigures(tarballDir: string): PackageFigures[] {
  return LIBRARIES.map((lib) => {
    const tarball = join(tarballDir, tarballName(lib));
    const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], tarballDir).stdout) as { dependencies?: Record<string, string> };
    const files = run('tar', ['-tzf', tarball], tarballDir).stdout.trim().split('\n').length;
    return { name: lib.name, packedKb: Math.round(statSync(tarball).size / 1024), files, dependencies: Object.keys(manifest.dependencies ?? {}).sort() };
  });
}

/** One README table row: `| @tollkit/x | 48 kB | 3 (@tollkit/codesets, undici, zod) |`. */
export function tableRow(f: PackageFigures): string {
  const deps = f.dependencies.length === 0 ? '0' : `${f.dependencies.length} (${f.dependencies.join(', ')})`;
  return `| \`${f.name}\` | ${f.packedKb} kB | ${deps} |`;
}

export function readmeRows(readmePath: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(readmePath, 'utf8').split('\n')) {
    const m = /^\| `(@tollkit\/[\w-]+)` \| (\d+) kB \| (.*) \|$/.exec(line);
    if (m?.[1] !== undefined) rows.set(m[1], line);
  }
  return rows;
}
