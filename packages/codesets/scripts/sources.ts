/** Reads the generator's inputs from `data/` (used by `generate.ts` and by the up-to-date test). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratorSources } from './render.js';

/** The package's `data/` folder. */
export const DATA_DIR = fileURLToPath(new URL('../data/', import.meta.url));
/** The package's `src/generated/` folder. */
export const GENERATED_DIR = fileURLToPath(new URL('../src/generated/', import.meta.url));

/** Reads every input of the generator from `dataDir`. */
export function readGeneratorSources(dataDir: string = DATA_DIR): GeneratorSources {
  const codeLists = new Map<string, string>();
  for (const file of readdirSync(dataDir).sort()) {
    if (file.endsWith('.csv')) codeLists.set(file.slice(0, -'.csv'.length), readFileSync(join(dataDir, file), 'utf8'));
  }
  return {
    codeLists,
    listsJson: readFileSync(join(dataDir, 'lists.json'), 'utf8'),
    enumsJson: readFileSync(join(dataDir, 'enums.json'), 'utf8'),
    countriesCsv: readFileSync(join(dataDir, 'iso', 'iso-3166-1-alpha-2.csv'), 'utf8'),
    currenciesCsv: readFileSync(join(dataDir, 'iso', 'iso-4217.csv'), 'utf8'),
  };
}

/** Lists the files under `dir` (recursively) as paths relative to it, with `/` separators. */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...listFiles(join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out.sort();
}
