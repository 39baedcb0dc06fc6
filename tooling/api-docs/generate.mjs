#!/usr/bin/env node
// Writes the API reference of the libraries under packages/ into docs/api/ (Markdown, one folder per
// package) with TypeDoc from their TSDoc comments. `--check` renders into a temporary folder instead
// and fails, naming the files, when docs/api/ differs — CI runs that (pnpm packages:check). Either way
// it fails when an exported function has no TSDoc `@example` (STYLE.md §13).
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync, statSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Application, ReflectionKind } from 'typedoc';

const root = fileURLToPath(new URL('../../', import.meta.url));
const target = join(root, 'docs/api');
const check = process.argv.includes('--check');
const out = check ? mkdtempSync(join(tmpdir(), 'tollkit-api-docs-')) : mkdtempSync(join(root, 'docs/.api-'));

const app = await Application.bootstrapWithPlugins({
  plugin: ['typedoc-plugin-markdown'],
  entryPointStrategy: 'packages',
  entryPoints: readdirSync(join(root, 'packages')).sort().map((dir) => join(root, 'packages', dir)),
  packageOptions: { entryPoints: ['src/index.ts'], tsconfig: 'tsconfig.build.json', readme: 'none' },
  name: 'Tollkit packages',
  readme: 'none',
  out,
  disableSources: true,
  excludePrivate: true,
  excludeInternal: true,
  hideGenerator: true,
  githubPages: false,
  validation: { notExported: false, invalidLink: false, invalidPath: false },
  logLevel: 'Error',
});
const project = await app.convert();
if (project === undefined) throw new Error('TypeDoc could not convert the packages');
const withoutExample = project
  .getReflectionsByKind(ReflectionKind.Function)
  .filter((f) => !(f.comment?.getTags('@example').length || f.signatures?.some((s) => s.comment?.getTags('@example').length)))
  .map((f) => f.getFriendlyFullName());
if (withoutExample.length > 0) {
  console.error(`exported functions without a TSDoc @example: ${withoutExample.join(', ')}`);
  rmSync(out, { recursive: true, force: true });
  process.exit(1);
}
await app.generateOutputs(project);

function listFiles(dir) {
  return existsSync(dir)
    ? readdirSync(dir, { recursive: true }).map(String).filter((f) => statSync(join(dir, f)).isFile()).sort()
    : [];
}

if (check) {
  const fresh = listFiles(out);
  const committed = listFiles(target);
  const differ = [...new Set([...fresh, ...committed])].filter(
    (f) => !fresh.includes(f) || !committed.includes(f) || readFileSync(join(out, f), 'utf8') !== readFileSync(join(target, f), 'utf8'),
  );
  rmSync(out, { recursive: true, force: true });
  if (differ.length > 0) {
    console.error(`docs/api is stale (${differ.length} files differ, e.g. ${differ.slice(0, 5).join(', ')}); run: pnpm docs`);
    process.exit(1);
  }
  console.log(`docs/api is fresh (${fresh.length} files)`);
} else {
  rmSync(target, { recursive: true, force: true });
  renameSync(out, target);
  console.log(`wrote ${relative(root, target)} (${listFiles(target).length} files)`);
}
