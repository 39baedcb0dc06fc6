#!/usr/bin/env node
// Part of `pnpm build` (after tsc): writes dist/browser.js, the module the `browser` export condition
// serves. It is dist/index.js bundled into one file with every dependency left as an import, except
// the two Node built-ins of the file helpers (readMappingProfile: node:fs/promises, examplePaths:
// node:url), which become functions that throw a clear error. So a browser bundler never meets a
// Node built-in, and the mapper itself (loadMappingProfile, parseManifest, collectManifest) is the
// same code as in Node. Types: dist/index.d.ts (the `types` condition comes first).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const NODE_ONLY = {
  'node:fs/promises': `export function readFile() { throw new TypeError('readMappingProfile reads a file and needs Node.js; in a browser call loadMappingProfile(text, format)'); }`,
  'node:url': `export function fileURLToPath() { throw new TypeError('examplePaths points at files of the installed package and needs Node.js'); }`,
};

await build({
  entryPoints: [new URL('../dist/index.js', import.meta.url).pathname],
  outfile: new URL('../dist/browser.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  external: Object.keys(pkg.dependencies ?? {}),
  logLevel: 'warning',
  plugins: [
    {
      name: 'node-only-stubs',
      setup(b) {
        b.onResolve({ filter: /^node:/ }, (args) => {
          if (!(args.path in NODE_ONLY)) return { errors: [{ text: `${args.path} is not allowed in the browser build of @tollkit/manifest` }] };
          return { path: args.path, namespace: 'node-only' };
        });
        b.onLoad({ filter: /.*/, namespace: 'node-only' }, (args) => ({ contents: NODE_ONLY[args.path], loader: 'js' }));
      },
    },
  ],
});
