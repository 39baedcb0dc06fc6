/**
 * Regenerates `src/generated/` from `data/`. Run with `pnpm codegen`
 * (`pnpm exec tsx scripts/generate.ts`). Files no longer produced are deleted.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderGeneratedModules } from './render.js';
import { GENERATED_DIR, listFiles, readGeneratorSources } from './sources.js';

const modules = renderGeneratedModules(readGeneratorSources());
let written = 0;
for (const [rel, text] of modules) {
  const path = join(GENERATED_DIR, rel);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  written += 1;
}
let removed = 0;
if (existsSync(GENERATED_DIR)) {
  for (const rel of listFiles(GENERATED_DIR)) {
    if (!modules.has(rel)) {
      rmSync(join(GENERATED_DIR, rel));
      removed += 1;
    }
  }
}
console.log(`codesets: ${modules.size} generated modules, ${written} written, ${removed} removed`);
