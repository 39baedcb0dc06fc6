/**
 * Issue #14, item 2 — the CLI contract as an operator meets it, each reported fault as a test:
 * no --version, no did-you-mean, --json ignored on errors, the exit code of a missing file
 * contradicting the help, raw zod wording without lines, the playground example failing
 * token/test-auth/remote status ("maskinporten is not configured"), doctor creating a mistyped SFTP
 * root and not seeing inbox files no pattern takes, --param for a parameter the profile lacks
 * accepted silently, `status big.csv` printing megabytes, replay taking an error report and copying
 * instead of moving, replay refusing SFTP channels. Real folders, real sshd, real SQLite.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openJobStore } from '../../src/store/open-job-store.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { useSshd } from '../support/sshd.js';
import { makeTempDir } from '../support/temp-dir.js';

const example = (name: string): string => join(import.meta.dirname, '..', '..', 'examples', name);

let dir: { path: string; remove: () => void };
beforeAll(() => {
  dir = makeTempDir('operator-cli');
});
afterAll(() => dir.remove());

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), env, cwd: dir.path, signal: new AbortController().signal });
  return { code, out, err };
}

/** The shipped playground example in its own folder (another HTTP port than the default). */
function playgroundExample(name: string): string {
  const folder = join(dir.path, name);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'tollkit.yaml');
  copyFileSync(example('tollkit.playground.yaml'), file);
  writeFileSync(file, readFileSync(file, 'utf8').replace('port: 9464', 'port: 0'));
  return file;
}

describe('the CLI contract', () => {
  it('--version prints the version (also as JSON)', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: `tollkit ${version}\n`, err: '' });
    expect(JSON.parse((await run(['--version', '--json'])).out)).toEqual({ name: 'tollkit', version });
  });

  it('did-you-mean for unknown commands and options; --json for errors too', async () => {
    expect(await run(['stauts'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "stauts" — did you mean "status"?') });
    expect(await run(['list', '--chanel', 'x'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option "--chanel" — did you mean "--channel"?') });
    const json = await run(['stauts', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toEqual({ error: { code: 'USAGE', category: 'usage', message: 'unknown command "stauts" — did you mean "status"?', exitCode: 2 } });
    const config = await run(['doctor', '--json', '--config', join(dir.path, 'nope.yaml')]);
    expect(config.code).toBe(3);
    expect(JSON.parse(config.out)).toMatchObject({ error: { code: 'CONFIG_FILE_UNREADABLE', category: 'config', exitCode: 3 } });
  });

  it('a missing input file exits with the code the help states (2), an unreadable one with 1', async () => {
    const help = await run(['validate', '--help']);
    expect(help.out).toContain('2 the file does not exist');
    expect(await run(['validate', '--profile', 'road-forwarder-export', 'missing.csv'])).toMatchObject({ code: 2, err: expect.stringContaining('does not exist') });
    expect((await run(['--help'])).out).toContain('2 usage (unknown command or option, missing argument, input file that does not exist)');
  });

  it('refuses --param for a parameter the profile does not have', async () => {
    const file = join(dir.path, 'p.csv');
    writeFileSync(file, generateRoadManifest(1, 1).bytes);
    const result = await run(['validate', '--profile', 'road-forwarder-export', '--param', 'arival=2030-01-01', file]);
    // A parameter the profile does not take is a config problem of the profile (MANIFEST_PARAM_UNKNOWN, exit 3).
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/mapping profile "road-forwarder-export" has no parameter "arival"/);
  });

  it('config problems: all in one pass, in plain words, with YAML lines', async () => {
    const file = join(dir.path, 'typo.yaml');
    writeFileSync(file, ['environment: playground', 'servce: { workers: 2 }', 'channels:', '  - kind: local', '    name: a', '    path: ./a', ''].join('\n'));
    const result = await run(['doctor', '--config', file]);
    expect(result.code).toBe(3);
    expect(result.err).toContain('servce: unknown key "servce" — did you mean "service"? (line 2)');
    expect(result.err).toContain('channels[0] (a).profile: is missing: give a text (line 4)');
    expect(result.err).not.toMatch(/Invalid input|Unrecognized key/);
  });
});

describe('the shipped playground example works with every command', () => {
  it('token, test-auth and remote status start the embedded playground as doctor and run do', async () => {
    const file = playgroundExample('pg-example');
    expect(await run(['token', '--config', file])).toMatchObject({ code: 0, out: expect.stringContaining('Environment: playground (embedded)') });
    expect(await run(['test-auth', '--config', file])).toMatchObject({ code: 0, out: expect.stringContaining('Authentication OK') });
    const remote = await run(['status', '3f1c2a4e-0000-4000-8000-000000000000', '--remote', '--mode', 'road', '--level', 'transport', '--config', file]);
    expect(remote).toMatchObject({ code: 4, out: expect.stringContaining('not found at Customs (404)') });
    expect(await run(['list', '--config', file])).toMatchObject({ code: 0, out: 'no manifests match\n' });
    expect(await run(['status', 'orders.csv', '--config', file])).toMatchObject({ code: 1, out: expect.stringMatching(/^unknown: /) });
    expect(await run(['resubmit', 'orders.csv', '--config', file])).toMatchObject({ code: 1, err: expect.stringContaining('COMMAND_NOT_FOUND') });
    expect(await run(['replay', 'orders.csv', '--channel', 'road', '--config', file])).toMatchObject({ code: 1, err: expect.stringContaining('COMMAND_NOT_FOUND') });
    expect(await run(['doctor', '--config', file])).toMatchObject({ code: 0 });
  });
});

describe('status of a big file', () => {
  it('prints the manifest and a bounded page of rows, not megabytes; --summary the manifest line', async () => {
    const file = playgroundExample('big');
    const { store } = await openJobStore({ kind: 'sqlite', dataDir: join(dir.path, 'big', 'data') });
    try {
      const { manifest } = await store.receiveManifest({ channel: 'road', originalName: 'big.csv', processingName: '20300101T000000Z-0badcafe-big.csv', contentHash: 'sha256:big', size: 5_000_000 });
      await store.leaseNextManifest({ owner: 't', leaseMs: 60_000 });
      async function* rows() {
        for (let i = 1; i <= 20_000; i++) {
          yield {
            level: 'house-consignment' as const, mode: 'road' as const, documentNumber: `CMR-BIG-${i}`, type: 'N730', position: i, payloadHash: `sha256:${i}`,
            payload: { line: i, padding: 'x'.repeat(200) },
            invalidErrors: [{ field: 'consignmentHouseLevel.totalGrossMass', error: `"mye" is not a number (line ${i})` }],
          };
        }
      }
      await store.planNotificationsStream(manifest.id, 't', rows());
    } finally {
      await store.close();
    }
    const status = await run(['status', 'big.csv', '--config', file]);
    expect(status.code).toBe(0);
    expect(status.out.length).toBeLessThan(10_000);
    expect(status.out).toMatch(/manifest big\.csv on road .*rows 20000: sent 0 accepted 0 rejected 0 invalid 20000 pending 0/);
    expect(status.out).toContain('#1 house-consignment CMR-BIG-1 (N730, road) create: invalid');
    expect(status.out).toContain('    error: consignmentHouseLevel.totalGrossMass: "mye" is not a number (line 1)');
    expect(status.out).toMatch(/more rejected\/invalid rows: --cursor \S+/);
    const cursor = /--cursor (\S+)/.exec(status.out)?.[1] as string;
    expect((await run(['status', 'big.csv', '--cursor', cursor, '--config', file])).out).toContain('#21 house-consignment CMR-BIG-21');
    // list: the same manifest, in progress, with its counts; filters and JSON paging
    expect(await run(['list', '--config', file])).toMatchObject({ code: 0, out: expect.stringMatching(/ road {2}big\.csv {2}claimed {2}in progress {2}sent 0 accepted 0 rejected 0 invalid 20000 pending 0\n$/) });
    expect(await run(['list', '--outcome', 'rejected', '--config', file])).toMatchObject({ code: 0, out: 'no manifests match\n' });
    expect(JSON.parse((await run(['list', '--outcome', 'pending', '--limit', '1', '--json', '--config', file])).out)).toMatchObject({ manifests: [{ originalName: 'big.csv', outcome: null }], nextCursor: null });
    expect(await run(['list', '--outcome', 'acepted', '--config', file])).toMatchObject({ code: 2, err: expect.stringContaining('outcome: "acepted" is not one of accepted') });
    const summary = await run(['status', 'big.csv', '--summary', '--config', file]);
    // still `claimed` here: known but not finished is "pending", never "unknown"
    expect(summary.out.trim().split('\n')).toEqual([expect.stringMatching(/^manifest big\.csv on road/), 'pending: still in progress']);
    const json = await run(['status', '20300101T000000Z-0badcafe-big.csv', '--json', '--config', file]);
    expect(json.out.length).toBeLessThan(50_000);
    expect(JSON.parse(json.out)).toMatchObject({ kinds: ['file'], manifest: { originalName: 'big.csv', counts: { invalid: 20_000 } } });
  });
});

describe('doctor and replay on SFTP (real sshd)', () => {
  const sshd = useSshd();

  function sftpConfig(name: string, root: string, include = '["*.csv"]'): string {
    const folder = join(dir.path, name);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'id_sftp'), sshd().privateKey, { mode: 0o600 });
    const file = join(folder, 'tollkit.yaml');
    writeFileSync(
      file,
      [
        'environment: playground',
        'dataDir: ./data',
        'service: { http: false }',
        'channels:',
        '  - kind: sftp',
        '    name: far',
        '    profile: road-forwarder-export',
        `    host: ${sshd().host}`,
        `    port: ${sshd().port}`,
        `    username: ${sshd().username}`,
        `    root: ${root}`,
        '    privateKeyFile: ./id_sftp',
        `    hostKeyFingerprints: ["${sshd().hostKeyFingerprint}"]`,
        `    include: ${include}`,
        '',
      ].join('\n'),
    );
    return file;
  }

  it('doctor fails on a missing SFTP root and creates nothing; reports inbox files no include pattern takes', async () => {
    const missing = join(sshd().root, 'uplaod');
    const typo = await run(['doctor', '--config', sftpConfig('sftp-typo', missing)]);
    expect(typo.code).toBe(3);
    expect(typo.out).toMatch(new RegExp(`^FAIL {2}channel far \\(sftp\\): the root ${missing} does not exist on 127\\.0\\.0\\.1`, 'm'));
    expect(existsSync(missing)).toBe(false);

    const root = join(sshd().root, 'upload');
    mkdirSync(join(root, 'inbox'), { recursive: true });
    writeFileSync(join(root, 'inbox', 'orders.csv'), 'x');
    writeFileSync(join(root, 'inbox', 'orders.CSV.txt'), 'x');
    writeFileSync(join(root, 'inbox', '.partial.tmp'), 'x');
    const unmatched = await run(['doctor', '--config', sftpConfig('sftp-unmatched', root)]);
    expect(unmatched.out).toMatch(/^ok {4}channel far \(sftp\): reachable; root .* exists; inbox: 1 manifest file\(s\); folders processing, archive, failed, outbox missing \(run creates them\)/m);
    expect(unmatched.out).toMatch(/^FAIL {2}inbox of far: 1 file\(s\) no include pattern \(\["\*\.csv"\]\) takes: "orders\.CSV\.txt"/m);
    expect(unmatched.code).toBe(3);
    expect(readdirSync(root).sort()).toEqual(['inbox']);
  });

  it('replay moves a file out of failed/ on the server into the inbox, and refuses an error report', async () => {
    const root = join(sshd().root, 'replay');
    for (const f of ['inbox', 'failed']) mkdirSync(join(root, f), { recursive: true });
    const name = '20300101T000000Z-1a2b3c4d-orders.csv';
    writeFileSync(join(root, 'failed', name), generateRoadManifest(2, 1).bytes);
    writeFileSync(join(root, 'failed', `${name}.error.txt`), 'report');
    const config = sftpConfig('sftp-replay', root);
    const report = await run(['replay', `${name}.error.txt`, '--channel', 'far', '--config', config]);
    expect(report).toMatchObject({ code: 1, err: expect.stringContaining('is an error report or result file the adapter wrote, not a manifest') });
    const moved = await run(['replay', name, '--channel', 'far', '--config', config]);
    expect(moved).toMatchObject({ code: 0, out: `failed/${name} moved into the inbox of channel far as orders.csv\n` });
    expect(readdirSync(join(root, 'inbox'))).toEqual(['orders.csv']);
    expect(readdirSync(join(root, 'failed'))).toEqual([`${name}.error.txt`]);
    // a second replay of the same name finds nothing to move; a name the patterns do not take is refused
    expect((await run(['replay', name, '--channel', 'far', '--config', config])).code).toBe(1);
    expect(await run(['replay', 'notes.txt', '--channel', 'far', '--config', config])).toMatchObject({ code: 1, err: expect.stringContaining('is not a manifest of channel far') });
  });
});
