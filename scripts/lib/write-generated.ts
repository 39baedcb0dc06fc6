/**
 * How every code generator in the repository writes its output (issue #19): a file is written only
 * when its content changes, and atomically — the text goes to a temporary file in the same folder
 * (a name no TypeScript glob matches) which is then renamed over the target. A reader (tsc, vitest,
 * tsx) running meanwhile sees either the old or the new file, never a half-written one, and a
 * generator run on an up-to-date tree touches nothing (mtimes and `git status` unchanged).
 *
 * Used by `packages/codesets/scripts/generate.ts`, `packages/procedures/scripts/generate-tables.ts`
 * and `packages/manifest/scripts/write-json-schema.ts`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Suffix of the temporary files; never a `.ts`/`.json` name, so no tsconfig or test glob sees them. */
export const TEMP_SUFFIX = '.tmp-codegen';

/**
 * Writes `text` to `path` when the file is missing or differs; otherwise leaves it untouched.
 * @returns whether the file was written.
 */
export function writeIfChanged(path: string, text: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
  return true;
}

/**
 * Makes `dir` hold exactly `files` (paths relative to `dir`, `/`-separated): writes the changed ones
 * with {@link writeIfChanged} and deletes files no longer produced (other generators' temporary files
 * are left alone).
 */
export function syncGeneratedDir(dir: string, files: ReadonlyMap<string, string>): { written: string[]; removed: string[] } {
  const written: string[] = [];
  for (const [rel, text] of files) if (writeIfChanged(join(dir, rel), text)) written.push(rel);
  const removed: string[] = [];
  for (const rel of existsSync(dir) ? listFilesRecursive(dir) : []) {
    if (!files.has(rel) && !rel.endsWith(TEMP_SUFFIX)) {
      rmSync(join(dir, rel));
      removed.push(rel);
    }
  }
  return { written, removed };
}

function listFilesRecursive(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFilesRecursive(join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}
