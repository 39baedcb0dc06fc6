/**
 * Builds every library under packages/ (turbo, cached) and packs each with `pnpm pack` (which applies
 * `publishConfig` and turns `workspace:`/`catalog:` ranges into versions) into one temporary folder,
 * shared by the tests through `inject('tarballDir')`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { pnpm, REPO_ROOT } from './support.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tarballDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  pnpm(['run', '-s', 'build'], REPO_ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'tollkit-tarballs-'));
  pnpm(['-r', '--filter', './packages/*', 'pack', '--pack-destination', dir], REPO_ROOT);
  project.provide('tarballDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
