/**
 * Compiles a TypeScript entry point of the bench, with the `@tollkit` packages it imports, to one
 * JavaScript module that plain `node` runs without tsx — how a team that reuses a package runs it
 * (the packages' `dist/` is the same sources compiled to ESM JavaScript). tsx alone costs a process
 * ~35 MiB of RSS before it has run a line (its loader thread, esbuild's service, source maps):
 * bench/README.md, "Issue #18, session 6".
 *
 * esbuild (the compiler tsx itself runs, and the packages' browser build) bundles the entry and
 * everything it imports, third-party dependencies included, into `outFile`, with tree shaking off
 * so that every module a consumer would load is loaded. `import.meta.url` in the bundle is the
 * bundle's, so an entry must not look for files next to a package's sources (give paths as
 * arguments instead).
 */
import { build } from 'esbuild';

/** Writes `outFile` (an ES module) from `entry`; resolves once it is written. */
export async function compileEntry(entry: string, outFile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    treeShaking: false,
    logLevel: 'warning',
    // CommonJS dependencies (iconv-lite) call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __tollkitCreateRequire } from 'node:module'; const require = __tollkitCreateRequire(import.meta.url);" },
  });
  return outFile;
}
