/**
 * Issue #17: the pure packages (codesets, procedures, messages and the manifest mapper, fed bytes)
 * bundle for the browser with esbuild from the packed tarballs, and run in real headless Chromium:
 * the page validates a house consignment, assesses its procedure and maps a bundled example
 * manifest, and must get exactly what Node gets from the workspace sources.
 *
 * The bundle is a browser build (platform browser: no Node built-ins); the manifest's `browser`
 * export condition serves dist/browser.js, where its two file helpers (readMappingProfile,
 * examplePaths) throw instead of importing node: modules, and
 * iconv-lite — which decodes Windows-1252/ISO-8859-1/UTF-16 manifests — needs the `buffer` and
 * `string_decoder` packages, which the page's project installs (as manifest's README says).
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { collectManifest, examplePaths, loadMappingProfile } from '@tollkit/manifest';
import { validateNotification } from '@tollkit/messages';
import { assessProcedure } from '@tollkit/procedures';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { consumerProject, pnpm, pnpmStoreDir, readmeBlock, REPO_ROOT } from './support.js';

const CONSUMER = join(import.meta.dirname, 'consumer');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const installed = (name: string): string =>
  (JSON.parse(readFileSync(join(REPO_ROOT, 'tooling/node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** The README example's house consignment, blank goodsDescription included. */
function readmeBody(): { consignmentHouseLevel: Record<string, unknown> } {
  const code = readmeBlock('The packages on their own', 'js');
  const literal = code.slice(code.indexOf('const body = ') + 'const body = '.length, code.indexOf('};\n') + 1);
  return new Function(`return (${literal});`)() as { consignmentHouseLevel: Record<string, unknown> };
}

let dir: string;
let server: Server;
let context: BrowserContext;
let bundleBytes = 0;
let bundledInputs: string[] = [];
let externalImports: unknown[] = [];
const cleanup: string[] = [];

beforeAll(async () => {
  dir = consumerProject(inject('tarballDir'), { dependencies: { buffer: installed('buffer'), string_decoder: installed('string_decoder') } });
  cleanup.push(dir);
  pnpm(['install', '--prefer-offline', '--store-dir', pnpmStoreDir()], dir);
  for (const f of ['browser-entry.mjs', 'buffer-shim.mjs']) copyFileSync(join(CONSUMER, f), join(dir, f));
  const result = await build({
    entryPoints: [join(dir, 'browser-entry.mjs')],
    absWorkingDir: dir,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    inject: [join(dir, 'buffer-shim.mjs')],
    outfile: join(dir, 'public/bundle.js'),
    logLevel: 'silent',
    metafile: true,
  });
  bundleBytes = result.metafile.outputs['public/bundle.js']?.bytes ?? 0;
  bundledInputs = Object.keys(result.metafile.inputs);
  externalImports = result.metafile.outputs['public/bundle.js']?.imports ?? ['no output'];
  const example = examplePaths('road-forwarder-export');
  writeFileSync(join(dir, 'public/index.html'), '<!doctype html><meta charset="utf-8"><title>tollkit</title><script type="module" src="/bundle.js"></script>');
  const files: Record<string, string> = {
    '/': join(dir, 'public/index.html'),
    '/bundle.js': join(dir, 'public/bundle.js'),
    '/profile.yaml': example.profilePath,
    '/manifest.csv': example.manifestPath,
  };
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.yaml': 'text/yaml', '.csv': 'text/csv' };
  server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    if (file === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const userDataDir = mkdtempSync(join(tmpdir(), 'tollkit-chromium-'));
  cleanup.push(userDataDir);
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

it('the bundle contains no Node built-in import', () => {
  expect(bundleBytes).toBeGreaterThan(0);
  // esbuild (platform browser) fails on a Node built-in it cannot map; nothing is left external either
  expect(externalImports).toEqual([]);
  // every @tollkit module in the bundle comes from the installed tarballs' dist/, none from the workspace
  expect(bundledInputs.filter((f) => f.includes('@tollkit/')).every((f) => /node_modules\/@tollkit\/[\w-]+\/dist\//.test(f))).toBe(true);
  expect(bundledInputs.some((f) => f.endsWith('@tollkit/manifest/dist/browser.js'))).toBe(true);
  expect(bundledInputs.some((f) => f.includes(REPO_ROOT.replace(/^\//, '')) || f.startsWith('../'))).toBe(false);
});

it('validates, assesses and maps a manifest in headless Chromium exactly as Node does', async () => {
  const { port } = server.address() as AddressInfo;
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => typeof (globalThis as unknown as { runTollkit?: unknown }).runTollkit === 'function');
  const body = readmeBody();
  const inBrowser = await page.evaluate(
    async ([b]) => (globalThis as unknown as { runTollkit: (b: unknown, e: unknown) => Promise<unknown> }).runTollkit(b, { profile: '/profile.yaml', manifest: '/manifest.csv' }),
    [body] as const,
  );
  expect(pageErrors).toEqual([]);

  const example = examplePaths('road-forwarder-export');
  const profile = loadMappingProfile(readFileSync(example.profilePath, 'utf8'), 'yaml');
  const { records, report } = await collectManifest({ bytes: readFileSync(example.manifestPath), fileName: 'manifest.csv' }, profile);
  const assessment = assessProcedure(body.consignmentHouseLevel, 'road');
  expect(inBrowser).toEqual({
    invalid: { ok: false, errors: [{ field: 'consignmentHouseLevel.goodsDescription', error: 'must not be blank' }] },
    variant: 2,
    incompleteReasons: ['INCOMPLETE_EXP_DOCUMENTATION'],
    code: [true, expect.any(String)],
    manifest: { encoding: 'windows-1252', rows: report.rowsRead, errors: 0, records: JSON.parse(JSON.stringify(records.map((r) => (r.ok ? r.draft : r)))) },
    hasProcess: false,
  });
  expect(validateNotification('house-consignment', body, 'road')).toEqual((inBrowser as { invalid: unknown }).invalid);
  expect(assessment.variant).toBe(2);
  expect(records.length).toBeGreaterThan(3);
});
