/**
 * Issue #17: the packed packages work for consumers outside the workspace — a plain JavaScript
 * project on Node 20 installed with npm, and a TypeScript project (module/moduleResolution nodenext,
 * strict, skipLibCheck off so every shipped .d.ts is checked) installed with pnpm. Both run the root
 * README's "The packages on their own" example verbatim and must print what the README shows, parse
 * a bundled example manifest with its profile, build a Maskinporten grant and use a Digitoll client
 * against the playground (grant → Maskinporten token → Customs token → test-auth).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { consumerProject, pnpm, pnpmStoreDir, readmeBlock, REPO_ROOT, run } from './support.js';

const CONSUMER = join(import.meta.dirname, 'consumer');
const readmeCode = readmeBlock('The packages on their own', 'js');
const readmeOutput = readmeBlock('The packages on their own', 'text');
const installed = (name: string): string =>
  (JSON.parse(readFileSync(join(REPO_ROOT, 'tooling/node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

let pg: Playground;
let playgroundEnv: Record<string, string>;
const dirs: string[] = [];

beforeAll(async () => {
  pg = await startPlayground({ port: 0, validationDelayMs: 0 });
  playgroundEnv = {
    TK_BASE_URL: pg.url,
    TK_TOKEN_URL: pg.maskinporten.tokenUrl,
    TK_AUDIENCE: pg.maskinporten.audience,
    TK_CLIENT_ID: pg.demoClient.clientId,
    TK_KEY_FILE: join(pg.demoClient.dir, 'private-key.pem'),
    TK_CERT_FILE: join(pg.demoClient.dir, 'certificate.pem'),
  };
});
afterAll(async () => {
  await pg?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs a consumer script without blocking this process, which serves the playground. */
async function node(dir: string, script: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: dir, env: { ...process.env, ...playgroundEnv }, encoding: 'utf8' });
  return stdout;
}

function expectManifestParsed(stdout: string): void {
  expect(JSON.parse(stdout)).toEqual({
    profile: 'road-forwarder-export',
    encoding: 'windows-1252',
    rows: expect.any(Number),
    houses: expect.any(Number),
    errors: 0,
    invalidDrafts: 0,
    ok: true,
  });
  expect(JSON.parse(stdout).houses).toBeGreaterThan(0);
}

function expectDigitollWorks(stdout: string): void {
  expect(JSON.parse(stdout)).toEqual({
    alg: 'RS256',
    x5c: true,
    iss: pg.demoClient.clientId,
    scope: 'toll:movement/road/v2',
    lifetime: 60,
    customsTokenType: expect.stringMatching(/bearer/i),
    testAuth: 200,
  });
}

describe('plain JavaScript on Node 20, installed with npm', () => {
  let dir: string;
  beforeAll(() => {
    dir = consumerProject(inject('tarballDir'), {});
    dirs.push(dir);
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
    writeFileSync(join(dir, 'readme.mjs'), readmeCode);
    for (const f of ['manifest.mjs', 'digitoll.mjs']) copyFileSync(join(CONSUMER, f), join(dir, f));
  });

  it('installs only the built files: dist/index.js is what `import` loads', () => {
    const out = run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@tollkit/messages'))"], dir).stdout;
    expect(out.trim()).toMatch(/node_modules\/@tollkit\/messages\/dist\/index\.js$/);
  });

  it("runs the README's example verbatim and prints what the README shows", async () => {
    expect(await node(dir, 'readme.mjs')).toBe(readmeOutput);
  });

  it('parses a bundled example manifest with its mapping profile', async () => {
    expectManifestParsed(await node(dir, 'manifest.mjs'));
  });

  it('builds a Maskinporten grant and uses a Digitoll client against the playground', async () => {
    expectDigitollWorks(await node(dir, 'digitoll.mjs'));
  });
});

describe('TypeScript (module/moduleResolution nodenext, strict), installed with pnpm', () => {
  let dir: string;
  beforeAll(() => {
    dir = consumerProject(inject('tarballDir'), {
      devDependencies: { typescript: installed('typescript'), '@types/node': installed('@types/node') },
    });
    dirs.push(dir);
    pnpm(['install', '--prefer-offline', '--store-dir', pnpmStoreDir(), '--config.confirmModulesPurge=false'], dir);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      `${JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, skipLibCheck: false, types: ['node'], outDir: 'dist', rootDir: 'src' }, include: ['src'] }, null, 2)}\n`,
    );
    run('mkdir', ['-p', 'src'], dir);
    writeFileSync(join(dir, 'src/readme.ts'), readmeCode);
    copyFileSync(join(CONSUMER, 'manifest.mjs'), join(dir, 'src/manifest.ts'));
    copyFileSync(join(CONSUMER, 'digitoll.mjs'), join(dir, 'src/digitoll.ts'));
    copyFileSync(join(CONSUMER, 'types.ts'), join(dir, 'src/types.ts'));
  });

  it('typechecks against the shipped declarations (skipLibCheck off) and compiles', () => {
    const tsc = run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', '.'], dir, { allowFailure: true });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.status).toBe(0);
  });

  it("runs the README's example verbatim and prints what the README shows", async () => {
    expect(await node(dir, 'dist/readme.js')).toBe(readmeOutput);
  });

  it('uses the exported types', async () => {
    expect(JSON.parse(await node(dir, 'dist/types.js'))).toEqual({ list: 'CL754', valid: true, errors: true, house: true, variant: null, bringOk: false });
  });

  it('parses a bundled example manifest with its mapping profile', async () => {
    expectManifestParsed(await node(dir, 'dist/manifest.js'));
  });

  it('builds a Maskinporten grant and uses a Digitoll client against the playground', async () => {
    expectDigitollWorks(await node(dir, 'dist/digitoll.js'));
  });
});
