/**
 * The adapter's commands through the real `tollkit` entry (`main` with a CliIo, and the executable
 * for signals): run, convert --dry-run, validate, status (store and Customs), replay, routing
 * (adapter and --feed-only) and doctor, against a real playground, real folders and a real SQLite store.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_REFERENCE_DATE, examplePaths } from '@tollkit/manifest';
import { startPlayground, type Playground } from '@tollkit/playground';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { list, tempRoot, tomorrow, waitFor, writePlaygroundConfig } from '../e2e/harness.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

const temp = tempRoot('tollkit-cli-adapter-');
let pg: Playground;
let configFile: string;

function start(argv: string[], signal = new AbortController().signal): { done: Promise<Run>; output: () => string } {
  let out = '';
  let err = '';
  const done = main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), env: {}, cwd: temp.root, signal }).then((code) => ({ code, out, err }));
  return { done, output: () => out };
}
const run = (argv: string[]) => start(argv).done;
const drop = (name: string, bytes: Buffer | string) => {
  const inbox = join(temp.root, 'acme', 'inbox');
  mkdirSync(inbox, { recursive: true });
  writeFileSync(join(inbox, `.${name}.tmp`), bytes);
  renameSync(join(inbox, `.${name}.tmp`), join(inbox, name));
};
const outbox = () => list(join(temp.root, 'acme', 'outbox'));

beforeAll(async () => {
  pg = await startPlayground({ port: 0, validationDelayMs: 0, log: () => undefined });
  configFile = writePlaygroundConfig(temp.root, pg, ['service: { http: { port: 0 }, routingIntervalMs: 1000 }']);
});

afterAll(async () => {
  await pg?.close();
  temp.remove();
});

describe('tollkit convert / validate', () => {
  it('lists every command in the overview', async () => {
    const help = await run(['--help']);
    for (const name of ['run', 'convert', 'validate', 'status', 'replay', 'routing', 'doctor', 'token', 'test-auth', 'submit']) {
      expect(help.out).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
  });

  it('convert --dry-run prints the exact messages as JSON; without --dry-run it refuses', async () => {
    const file = examplePaths('road-forwarder-export').manifestPath;
    const result = await run(['convert', '--dry-run', '--profile', 'road-forwarder-export', '--date-rebase', `${EXAMPLE_REFERENCE_DATE}:${tomorrow()}`, file]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as { summary: unknown; notifications: { level: string; status: string; body: { documentIssueDate: string } }[] };
    expect(parsed.summary).toEqual({ notifications: 8, wouldSend: 8, invalid: 0, fileProblems: 0 });
    expect(parsed.notifications.map((n) => n.level)).toContain('house-consignment');
    expect(result.err).toContain('8 notification(s): 8 would be sent, 0 invalid');
    const bodies = await run(['convert', '--dry-run', '--bodies', '-p', 'road-forwarder-export', '--date-rebase', `${EXAMPLE_REFERENCE_DATE}:${tomorrow()}`, file]);
    const list = JSON.parse(bodies.out) as { documentIssueDate: string }[];
    expect(list).toHaveLength(8);
    expect(list[0]?.documentIssueDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    expect(await run(['convert', '--profile', 'road-forwarder-export', file])).toMatchObject({ code: 2, err: expect.stringContaining('add --dry-run') });
    expect(await run(['convert', '--dry-run', file])).toMatchObject({ code: 2, err: expect.stringContaining('--profile is required') });
    expect(await run(['convert', '--dry-run', '-p', 'road-forwarder-export', '--date-rebase', 'yesterday', file])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--date-rebase must look like'),
    });
    expect(await run(['convert', '--dry-run', '-p', 'no-such-profile', file])).toMatchObject({ code: 3, err: expect.stringContaining('"no-such-profile" is neither a profile file nor a bundled example') });
  });

  it('validate prints each problem with line and field and exits 1; a clean file exits 0', async () => {
    const m = generateRoadManifest(3, 4, { tag: 'W' });
    const lines = m.bytes.toString('latin1').split('\r\n');
    const cells = (lines[2] as string).split(';');
    cells[22] = 'mye';
    lines[2] = cells.join(';');
    writeFileSync(join(temp.root, 'bad.csv'), Buffer.from(lines.join('\r\n'), 'latin1'));
    const bad = await run(['validate', '--profile', 'road-forwarder-export', 'bad.csv']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/line 3: house-consignment CMR-W3-00002: consignmentHouseLevel\.totalGrossMass: "mye" is not a number/);
    // The row's problem comes first (printed as found), then the summary, then the verdict.
    const out = bad.out.trimEnd().split('\n');
    expect(out[0]).toMatch(/^  line 3: house-consignment CMR-W3-00002: /);
    expect(out.at(-2)).toMatch(/bad\.csv \(profile road-forwarder-export, road\): \d+ notifications, \d+ valid, [1-9]\d* invalid, 0 file problems$/);
    expect(out.at(-1)).toBe('NOT OK');
    const json = JSON.parse((await run(['validate', '--json', '--profile', 'road-forwarder-export', 'bad.csv'])).out) as { ok: boolean; problems: unknown[] };
    expect(json.ok).toBe(false);
    expect(json.problems).toHaveLength(2);
    const clean = await run(['validate', '--profile', 'rail-wagons', '--date-rebase', `${EXAMPLE_REFERENCE_DATE}:${tomorrow()}`, examplePaths('rail-wagons').manifestPath]);
    expect(clean).toMatchObject({ code: 0, out: expect.stringMatching(/OK\n$/) });
    expect(await run(['validate', '--profile', 'rail-wagons', 'missing.csv'])).toMatchObject({ code: 2, err: expect.stringContaining(`the manifest file ${join(temp.root, 'missing.csv')} does not exist`) });
  });
});

describe('maskinporten client forms in the adapter config', () => {
  it('a PKCS#12 business certificate (password from the environment) works for doctor (service path) and test-auth', async () => {
    execFileSync('openssl', ['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-out', 'client.p12', '-passout', 'pass:p12-secret'], { cwd: temp.root });
    const file = join(temp.root, 'p12.yaml');
    writeFileSync(
      file,
      readFileSync(configFile, 'utf8')
        .replace('dataDir: ./data', 'dataDir: ./data-p12')
        .replace(
          /maskinporten:\n(  .*\n)+/,
          `maskinporten:\n  client:\n    kind: business-certificate\n    clientId: ${pg.demoClient.clientId}\n    key: { format: pkcs12, file: ./client.p12, passwordEnv: P12_PASSWORD }\n`,
        ),
    );
    const io = (env: Record<string, string>) => {
      const seen = { out: '', err: '' };
      return { seen, io: { out: (t: string) => void (seen.out += t), err: (t: string) => void (seen.err += t), env, cwd: temp.root, signal: new AbortController().signal } };
    };
    const missing = io({});
    expect(await main(['doctor', '--config', file], missing.io)).toBe(3);
    expect(missing.seen.err).toContain('maskinporten.client.key.passwordEnv: environment variable P12_PASSWORD is not set or empty');
    const doctor = io({ P12_PASSWORD: 'p12-secret' });
    expect(await main(['doctor', '--config', file], doctor.io)).toBe(0);
    expect(doctor.seen.out).toMatch(/^ok {4}maskinporten token: issued/m);
    expect(doctor.seen.out).not.toContain('p12-secret');
    const auth = io({ P12_PASSWORD: 'p12-secret' });
    expect(await main(['test-auth', '--config', file], auth.io)).toBe(0);
    expect(auth.seen.out).toContain('Authentication OK');
    const wrong = io({ P12_PASSWORD: 'Xy7-not-it' });
    expect(await main(['test-auth', '--config', file], wrong.io)).toBe(3);
    expect(wrong.seen.err).toContain('wrong password');
    expect(wrong.seen.err).not.toContain('Xy7-not-it');
  });
});

describe('tollkit run / status / replay / routing / doctor', () => {
  it('run serves until stopped; status, replay, routing and doctor work on the same config', async () => {
    const stop = new AbortController();
    const service = start(['run', '--config', configFile], stop.signal);
    try {
      await waitFor('run ready', () => service.output().includes('tollkit run: ready'));
      const m = generateRoadManifest(4, 3, { tag: 'K' });
      drop('cli.csv', m.bytes);
      await waitFor('result', () => outbox().some((f) => f.startsWith('cli.csv.result-') && f.endsWith('.json')));
      // The result file is written before the store records the outcome (a crash between the two re-writes it),
      // so for a moment the file is still "pending" in the store: wait for the store, not for the file.
      await waitFor('cli.csv archived in the store', async () => /: archived, /.test((await run(['status', 'cli.csv', '--config', configFile])).out));

      // status: store lookups by waybill, MRN and file; nothing known → exit 1
      const byWaybill = await run(['status', m.houses[0] as string, '--config', configFile]);
      expect(byWaybill.code).toBe(0);
      const mrn = /MRN (\d{2}NO[A-Z0-9]{14})/.exec(byWaybill.out)?.[1] as string;
      expect(byWaybill.out).toMatch(new RegExp(`house-consignment ${m.houses[0]} \\(N730, road\\) create: accepted MRN ${mrn} requestId [0-9a-f-]{36}`));
      const byMrn = JSON.parse((await run(['status', mrn, '--json', '--config', configFile])).out) as { kinds: string[]; verdict: string; rows: { documentNumber: string; requestId: string }[] };
      expect(byMrn).toMatchObject({ kinds: ['mrn'], verdict: 'settled' });
      expect(byMrn.rows[0]?.documentNumber).toBe(m.houses[0]);
      expect(await run(['status', 'cli.csv', '--config', configFile])).toMatchObject({ code: 0, out: expect.stringMatching(/manifest cli\.csv on acme \([0-9a-f-]{36}\): archived, all accepted/) });
      expect(await run(['status', 'NOPE-1', '--config', configFile])).toMatchObject({ code: 1, out: expect.stringMatching(/^unknown: nothing in the store matches "NOPE-1"/) });
      // … a requestId (UUID) is looked up in the store; with --mode/--level (or --remote) it goes to Customs
      const requestId = byMrn.rows[0]?.requestId as string;
      expect(await run(['status', requestId, '--config', configFile])).toMatchObject({ code: 0, out: expect.stringContaining(`house-consignment ${m.houses[0]}`) });
      expect(await run(['status', '3f1c2a4e-0000-4000-8000-000000000000', '--config', configFile])).toMatchObject({ code: 1, out: expect.stringMatching(/^unknown: /) });
      const remote = await run(['status', requestId, '--mode', 'road', '--level', 'house-consignment', '--config', configFile]);
      expect(remote).toMatchObject({ code: 0, out: expect.stringContaining(`SUCCESS  MRN ${mrn}`) });

      // replay: a garbage file fails; fixed, it goes back through the inbox
      drop('late.csv', 'not a manifest');
      await waitFor('late.csv failed', () => list(join(temp.root, 'acme', 'failed')).some((f) => f.endsWith('-late.csv')));
      const failed = list(join(temp.root, 'acme', 'failed')).find((f) => f.endsWith('-late.csv')) as string;
      writeFileSync(join(temp.root, 'acme', 'failed', failed), generateRoadManifest(5, 2, { tag: 'K' }).bytes);
      const replayed = await run(['replay', join('acme', 'failed', failed), '--config', configFile]);
      expect(replayed).toMatchObject({ code: 0, out: `failed/${failed} moved into the inbox of channel acme as late.csv\n` });
      expect(list(join(temp.root, 'acme', 'failed'))).not.toContain(failed);
      await waitFor('late.csv result', () => outbox().some((f) => f.startsWith('late.csv.result-')));
      expect(await run(['replay', 'nowhere.csv', '--channel', 'acme', '--config', configFile])).toMatchObject({ code: 1, err: 'error: COMMAND_NOT_FOUND: nowhere.csv is in neither failed/ nor archive/ of channel acme\n' });
    } finally {
      stop.abort();
    }
    const ended = await service.done;
    expect(ended.code).toBe(0);
    const logs = ended.out.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(logs.map((l) => l.msg)).toEqual(expect.arrayContaining(['tollkit run: ready', 'tollkit run: stop requested, shutting down', 'tollkit run: stopped']));
    expect(ended.out).not.toContain('BEGIN PRIVATE KEY');

    // routing with the adapter config: the store's marker and the partner's routing files
    const transport = /transport (\S+) \(\S+, road\) create: accepted MRN (\d{2}NO[A-Z0-9]{14})/.exec((await run(['status', 'cli.csv', '--state', 'all', '--config', configFile])).out);
    expect(transport).not.toBeNull();
    pg.arriveTransport(transport?.[2] as string);
    const first = await run(['routing', '--config', configFile]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^[1-9]\d* routing item\(s\) stored, [1-9]\d* routing file\(s\) written; marker [0-9a-f-]{36}\n$/);
    expect(outbox().some((f) => /\.routing-[0-9a-f]{12}\.json$/.test(f))).toBe(true);
    expect(await run(['status', m0House(), '--config', configFile])).toMatchObject({ out: expect.stringMatching(/routing TO_/) });
    expect((await run(['routing', '--config', configFile])).out).toMatch(/^0 routing item\(s\) stored, 0 routing file\(s\) written/);
    // --follow runs passes until stopped
    const stopFollow = new AbortController();
    const following = start(['routing', '--follow', '--interval', '0.05', '--json', '--config', configFile], stopFollow.signal);
    await waitFor('two passes', () => following.output().split('\n').length > 2);
    stopFollow.abort();
    const followed = await following.done;
    expect(followed.code).toBe(0);
    expect(JSON.parse(followed.out.split('\n')[0] as string)).toMatchObject({ items: 0, filesWritten: 0 });
    // digitoll.transportRouting: the transport-level feed too (all its houses are this partner's own: no file, no repeat)
    const withTransportFeed = readFileSync(configFile, 'utf8').replace(`  baseUrl: ${pg.url}\n`, `  baseUrl: ${pg.url}\n  transportRouting: true\n`);
    writeFileSync(join(temp.root, 'transport.yaml'), withTransportFeed);
    const transportPass = await run(['routing', '--config', join(temp.root, 'transport.yaml')]);
    expect(transportPass.out).toMatch(/^0 routing item\(s\) stored, 0 routing file\(s\) written; marker [0-9a-f-]{36}\ntransport feed: 3 routing item\(s\) stored; marker [0-9a-f-]{36}\n$/);
    expect(outbox().some((f) => f.includes('.transport-routing-'))).toBe(false);
    // … an organisation Customs did not give the service: said on stderr, the house feed still read
    pg.registerClient({ clientId: 'cli-not-entitled', orgNumber: '998877665', scopes: ['toll:movement/road/v2', 'toll:movement/entry'], certificatePem: pg.demoClient.certificatePem });
    writeFileSync(join(temp.root, 'refused.yaml'), withTransportFeed.replace(`clientId: ${pg.demoClient.clientId}`, 'clientId: cli-not-entitled'));
    const refused = await run(['routing', '--config', join(temp.root, 'refused.yaml')]);
    expect(refused).toMatchObject({ code: 0, out: expect.stringMatching(/^0 routing item\(s\) stored/), err: expect.stringContaining('Customs refused the transport-level routing feed (403): this organisation is not entitled to it') });
    // --feed-only reads the feed itself, from a marker file, and prints it
    const feed = await run(['routing', '--feed-only', '--marker-file', 'feed.marker', '--config', configFile]);
    expect(feed.code).toBe(0);
    expect(feed.out).toContain(m0House());
    expect(readFileSync(join(temp.root, 'feed.marker'), 'utf8')).toMatch(/^[0-9a-f-]{36}\n$/);

    // doctor: all good here; an unreachable SFTP channel fails its check with exit 3
    const doctor = await run(['doctor', '--config', configFile]);
    expect(doctor).toMatchObject({ code: 0, out: expect.stringMatching(/all checks passed\n$/) });
    expect(doctor.out).toMatch(/^ok {4}channel acme \(local\): reachable/m);
    const broken = join(temp.root, 'broken.yaml');
    writeFileSync(
      broken,
      `${readFileSync(configFile, 'utf8')}  - kind: sftp\n    name: far\n    profile: road-forwarder-export\n    host: 127.0.0.1\n    port: 1\n    username: u\n    root: /x\n    passwordEnv: FAR_PASSWORD\n    hostKeyFingerprints: ["SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"]\n    readyTimeoutMs: 1000\n    reconnect: { initialMs: 10, maxMs: 100 }\n`,
    );
    const missingSecret = await run(['doctor', '--config', broken]);
    expect(missingSecret).toMatchObject({ code: 3, err: expect.stringContaining('channels[1] (far).passwordEnv: environment variable FAR_PASSWORD is not set or empty') });
    let out = '';
    const code = await main(['doctor', '--config', broken], { out: (t) => void (out += t), err: () => undefined, env: { FAR_PASSWORD: 'pw' }, cwd: temp.root, signal: new AbortController().signal });
    expect(code).toBe(3);
    expect(out).toMatch(/^FAIL {2}channel far \(sftp\): /m);
    expect(out).not.toContain('pw\n');

    function m0House(): string {
      return /house-consignment (CMR-K4-\d+)/.exec(readFileSync(join(temp.root, 'acme', 'outbox', outbox().find((f) => f.startsWith('cli.csv.result-')) as string), 'utf8'))?.[1] ?? 'CMR-K4-00001';
    }
  });

  it('the executable stops "run" gracefully on SIGTERM and exits 0', async () => {
    const bin = fileURLToPath(new URL('../../src/cli/tollkit.mjs', import.meta.url));
    const child = spawn(process.execPath, [bin, 'run', '--config', configFile], { cwd: temp.root, env: { ...process.env, TOLLKIT_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => void (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor('run ready', () => out.includes('tollkit run: ready'), 30_000);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(err).toBe('');
    expect(out).toContain('"msg":"tollkit run: stopped"');
  });
});
