import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from './support/http.js';

const PKG = join(import.meta.dirname, '..');
const run = promisify(execFile);
let child: ChildProcess;
let dataDir: string;
let output = '';
let baseUrl = '';

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'pg-cli-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', '0', '--validation-delay-ms', '0', '--data-dir', dataDir], { cwd: PKG, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${output}`)), 20_000);
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('Try it:')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`CLI exited with ${String(code)}: ${output}`)));
  });
  baseUrl = /Token exchange\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1] ?? '';
});

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('pnpm playground (src/cli.ts)', () => {
  it('prints its base URLs and where the demo client files are, and writes them', () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(output).toContain(`Maskinporten token  ${baseUrl}/maskinporten/token`);
    expect(output).toContain(`Bring Customs API   ${baseUrl}/bring/customs/v1/declarations`);
    expect(output).toContain(join(dataDir, 'demo-client'));
    const client = JSON.parse(readFileSync(join(dataDir, 'demo-client', 'client.json'), 'utf8'));
    expect(client).toMatchObject({ orgNumber: '912345688', scopes: expect.arrayContaining(['toll:movement/road/v2', 'toll:movement/entry']) });
    expect(readFileSync(join(dataDir, 'demo-client', 'private-key.pem'), 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    expect(readFileSync(join(dataDir, 'demo-client', 'certificate.pem'), 'utf8')).toMatch(/BEGIN CERTIFICATE/);
  });

  it('the grant command + /token + token exchange + test-auth work as the README shows', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'grant', '--data-dir', dataDir, '--url', baseUrl, '--scope', 'toll:movement/road/v2'], { cwd: PKG });
    const assertion = stdout.trim();
    const mp = await call(baseUrl, 'POST', '/maskinporten/token', { form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion } });
    expect(mp.status).toBe(200);
    const ex = await call(baseUrl, 'POST', '/api/access/external/oauth/token', { form: { grant_type: 'token-exchange', subject_token_type: 'access_token', subject_token: mp.body.access_token } });
    expect(ex.body.expires_in).toBe(970);
    expect((await call(baseUrl, 'GET', '/api/movement/road/v2/test-auth', { token: ex.body.access_token })).status).toBe(200);
    const kid = await run(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'grant', '--kid', '--data-dir', dataDir, '--url', baseUrl], { cwd: PKG });
    expect((await call(baseUrl, 'POST', '/maskinporten/token', { form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: kid.stdout.trim() } })).status).toBe(200);
  });

  it('rejects a bad option with a message', async () => {
    await expect(run(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--port', 'abc'], { cwd: PKG })).rejects.toMatchObject({ stderr: expect.stringContaining('--port must be a number') });
  });
});
