/**
 * Regenerates `src/generated/` from `data/`. Run with `pnpm codegen`
 * (`pnpm exec tsx scripts/generate.ts`). Files no longer produced are deleted. A module is written
 * only when its text changes, atomically (temporary file + rename; `scripts/lib/write-generated.ts`
 * at the repository root), so a run on an up-to-date tree touches nothing.
 */
import { syncGeneratedDir } from '../../../scripts/lib/write-generated.js';
import { renderGeneratedModules } from './render.js';
import { GENERATED_DIR, readGeneratorSources } from './sources.js';

const modules = renderGeneratedModules(readGeneratorSources());
const { written, removed } = syncGeneratedDir(GENERATED_DIR, modules);
console.log(`codesets: ${modules.size} generated modules, ${written.length} written, ${removed.length} removed`);
