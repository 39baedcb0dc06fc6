import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startPlayground, type Playground } from '@tollkit/playground';
import { request } from 'undici';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

let pg: Playground;
let dir: string;
let configFile: string;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(argv: string[], env: Record<string, string> = {}, signal = new AbortController().signal): Promise<Run> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), env, cwd: dir, signal });
  return { code, out, err };
}

const now = Date.now();
const instant = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const address = { city: 'Oslo', country: 'NO', postcode: '0150', streetLine: 'Havnegata 1' };
const CARRIER = 'NO912345688';

function transport(meansId: string, masters: { documentNumber: string; type: string }[]) {
  const eta = instant(now + 86_400_000);
  return {
    documentIssueDate: instant(now),
    representative: { name: 'Speditør AS', identificationNumber: CARRIER, address, communication: [{ identifier: 'toll@speditor.no', type: 'EM' }] },
    activeBorderTransportMeans: {
      identificationNumber: meansId, typeOfIdentification: '30', typeOfMeansOfTransport: '33', countryCode: 'NO', modeOfTransportCode: '3',
      operator: { name: 'Ola Nordmann', communication: [{ identifier: '+4799999999', type: 'TE' }] },
    },
    carrier: { name: 'Norsk Transport AS', identificationNumber: CARRIER, address },
    customsOfficeOfFirstEntry: { referenceNumber: 'NO371001' },
    estimatedDateAndTimeOfArrival: eta,
    scheduledDateAndTimeOfArrival: eta,
    consignmentMasterLevel: masters.map((k) => ({ transportDocumentMasterLevel: k })),
  };
}

function house(documentNumber: string, master: { documentNumber: string; type: string }) {
  return {
    documentIssueDate: instant(now),
    consignmentHouseLevel: {
      containerIndicator: 0, totalGrossMass: 12.5, numberOfPackages: 1, goodsDescription: 'brake discs',
      transportDocumentHouseLevel: { documentNumber, type: 'N730' },
      consignmentMasterLevel: { carrierIdentificationNumber: CARRIER, transportDocumentMasterLevel: master },
      importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', hasOutgoingProcedure: false },
      previousDocuments: [{ typeOfReference: 'CUDE', declarantNumber: '123456789', declarationDate: '2022-08-10', sequenceNumber: '2' }],
      consignor: { name: 'Exporter AB', typeOfPerson: 2, address: { city: 'Göteborg', country: 'SE', postcode: '41101', streetLine: 'Gatan 1' } },
      consignee: { name: 'Importør AS', identificationNumber: 'NO967773689', typeOfPerson: 2, address },
      placeOfAcceptance: { unloCode: 'SEGOT' },
      placeOfDelivery: { location: 'Oslo', address: { country: 'NO' } },
    },
  };
}

function master(documentNumber: string) {
  return {
    documentIssueDate: instant(now),
    consignmentMasterLevel: {
      containerIndicator: 0, grossMass: 100, carrier: { identificationNumber: CARRIER },
      consignee: { name: 'Importør AS', identificationNumber: 'NO967773689', typeOfPerson: 2, address },
      consignor: { name: 'Exporter AB', typeOfPerson: 2, address: { city: 'Göteborg', country: 'SE', postcode: '41101', streetLine: 'Gatan 1' } },
      transportDocumentMasterLevel: { documentNumber, type: 'N730' },
      placeOfLoading: { unloCode: 'SEGOT' }, placeOfUnloading: { location: 'Oslo', address: { country: 'NO' } },
    },
  };
}

beforeAll(async () => {
  pg = await startPlayground({ port: 0, validationDelayMs: 0 });
  dir = await mkdtemp(join(tmpdir(), 'tollkit-cli-'));
  configFile = join(dir, 'tollkit.yaml');
  await writeFile(
    configFile,
    stringify({
      maskinporten: {
        environment: { name: 'playground', tokenUrl: pg.maskinporten.tokenUrl, audience: pg.maskinporten.audience, tokenExchangeUrl: `${pg.url}/api/access/external/oauth/token` },
        client: { kind: 'business-certificate', clientId: pg.demoClient.clientId, key: { format: 'pem', keyFile: join(pg.demoClient.dir, 'private-key.pem'), certificateFile: join(pg.demoClient.dir, 'certificate.pem') } },
      },
      digitoll: { baseUrl: pg.url },
      intake: { note: 'other sections of the adapter config are ignored by these commands' },
    }),
  );
});

afterAll(async () => {
  await pg?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('tollkit token / test-auth', () => {
  it('shows scope and expiry, and the token only with --show', async () => {
    const hidden = await run(['token', '--config', configFile]);
    expect(hidden).toMatchObject({ code: 0, err: '' });
    expect(hidden.out).toMatch(/Scope: {7}toll:movement\/road\/v2\n/);
    expect(hidden.out).toMatch(/Expires: {5}\d{4}-\d\d-\d\dT.*\(in 9[0-9]{2} s\)/);
    expect(hidden.out).toContain('Token:       (hidden; add --show to print it)');
    expect(hidden.out).toContain('Clock:       in sync with the server');

    const shown = await run(['token', '--mode', 'air', '--show', '--json'], { TOLLKIT_CONFIG: configFile });
    expect(shown.code).toBe(0);
    const json = JSON.parse(shown.out) as { scope: string; token: string; secondsLeft: number };
    expect(json.scope).toBe('toll:movement/air');
    const check = await request(`${pg.url}/api/movement/air/v1/test-auth`, { headers: { authorization: `Bearer ${json.token}` } });
    await check.body.dump();
    expect(check.statusCode).toBe(200);
  });

  it('test-auth runs the whole chain', async () => {
    const result = await run(['test-auth', '--mode', 'rail', '--config', configFile]);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Authentication OK: GET http:\/\/127\.0\.0\.1:\d+\/api\/movement\/rail\/v1\/test-auth answered 200 for client tollkit-demo-/);
  });

  it('also reads the adapter\'s own config file (top-level environment, maskinporten, channels)', async () => {
    const adapterConfig = join(dir, 'adapter.yaml');
    await writeFile(
      adapterConfig,
      stringify({
        environment: 'playground',
        digitoll: { baseUrl: pg.url },
        maskinporten: { clientId: pg.demoClient.clientId, privateKeyFile: join(pg.demoClient.dir, 'private-key.pem'), certificateFile: join(pg.demoClient.dir, 'certificate.pem') },
        channels: [{ kind: 'local', name: 'acme', profile: 'acme-csv', path: './drops/acme' }],
      }),
    );
    const result = await run(['test-auth', '--config', adapterConfig]);
    expect(result).toMatchObject({ code: 0, out: expect.stringContaining('Authentication OK') });
  });

  it('explains config problems plainly, with exit code 3', async () => {
    expect(await run(['token', '--config', join(dir, 'missing.yaml')])).toMatchObject({ code: 3, err: expect.stringContaining('missing.yaml does not exist') });
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, stringify({ maskinporten: { environment: 'staging', client: { kind: 'key-id', key: { format: 'pkcs12', file: 'x.p12', passwordEnv: 'P12_PASSWORD' } } } }));
    const missingSecret = await run(['token', '--config', bad]);
    expect(missingSecret).toMatchObject({ code: 3, err: expect.stringContaining('passwordEnv names P12_PASSWORD, which is not set') });
    const invalid = await run(['token', '--config', bad], { P12_PASSWORD: 'x' });
    expect(invalid.code).toBe(3);
    expect(invalid.err).toContain('maskinporten.environment:');
    expect(invalid.err).toContain('maskinporten.client.clientId:');
    const noKey = join(dir, 'nokey.yaml');
    await writeFile(noKey, stringify({ maskinporten: { environment: 'test', client: { kind: 'business-certificate', clientId: 'c', key: { format: 'pem', keyFile: 'nope.pem' } } } }));
    expect(await run(['token', '--config', noKey])).toMatchObject({ code: 3, err: expect.stringMatching(/MASKINPORTEN_KEY_INVALID: key file .*nope\.pem does not exist/) });
  });

  it('usage errors name the problem, with exit code 2', async () => {
    expect(await run(['token', '--mode', 'bus', '--config', configFile])).toMatchObject({ code: 2, err: expect.stringContaining('--mode must be road, air, rail or maritime; got "bus"') });
    expect(await run(['tokn'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "tokn"') });
    expect(await run(['submit', '--config', configFile])).toMatchObject({ code: 2, err: expect.stringContaining('the JSON file to submit is missing') });
    expect((await run(['--help'])).out).toContain('routing');
  });
});

describe('tollkit submit / status / routing', () => {
  it('submits a transport, master and houses, shows the MRNs, and status reads them back', async () => {
    const masterKey = { documentNumber: `CLI${now}`, type: 'N730' };
    const file = join(dir, 'manifest.json');
    await writeFile(
      file,
      JSON.stringify([
        transport(`CL${String(now).slice(-8)}`, [masterKey]),
        { mode: 'road', level: 'master-consignment', body: master(masterKey.documentNumber) },
        ...['CTRL-1', 'OK-2'].map((n) => ({ mode: 'road', level: 'house-consignment', body: house(`${masterKey.documentNumber}-${n}`, masterKey) })),
      ]),
    );
    const submitted = await run(['submit', file, '--config', configFile, '--json']);
    expect(submitted.err).toBe('');
    expect(submitted.code).toBe(0);
    const rows = JSON.parse(submitted.out) as { level: string; outcome: string; mrn: string; requestId: string }[];
    expect(rows.map((r) => [r.level, r.outcome])).toEqual([
      ['transport', 'SUCCESS'],
      ['master-consignment', 'SUCCESS'],
      ['house-consignment', 'SUCCESS'],
      ['house-consignment', 'SUCCESS'],
    ]);
    const status = await run(['status', rows[2]!.requestId, '--mode', 'road', '--level', 'house-consignment', '--config', configFile]);
    expect(status.code).toBe(0);
    expect(status.out).toContain(`SUCCESS  MRN ${rows[2]!.mrn}`);

    // routing: nothing before arrival; after arrival both houses, marker stored; a second run reads nothing new
    const markerFile = join(dir, 'routing.marker');
    pg.arriveTransport(rows[0]!.mrn);
    const first = await run(['routing', '--marker-file', markerFile, '--config', configFile]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`TO_CONTROL  ON_ENTRY  N730 ${masterKey.documentNumber}-CTRL-1  at .*  id [0-9a-f-]{36}\\n`));
    expect(first.out).toMatch(new RegExp(`TO_ENTRY  N730 ${masterKey.documentNumber}-OK-2`));
    const marker = (await readFile(markerFile, 'utf8')).trim();
    expect(first.out.trim().split('\n').at(-1)).toContain(`id ${marker}`);
    const second = await run(['routing', '--marker-file', markerFile, '--config', configFile]);
    expect(second).toMatchObject({ code: 0, out: '' });
    expect(second.err).toContain(`after marker ${marker}`);
  });

  it('routing --follow keeps reading until Ctrl-C (abort), storing the marker after each page', async () => {
    const markerFile = join(dir, 'follow.marker');
    await run(['routing', '--marker-file', markerFile, '--config', configFile]); // drain what is there
    const controller = new AbortController();
    let out = '';
    let err = '';
    const following = main(['routing', '--follow', '--interval', '0.05', '--marker-file', markerFile, '--config', configFile], {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      env: {},
      cwd: dir,
      signal: controller.signal,
    });
    const masterKey = { documentNumber: `FOL${now}`, type: 'N730' };
    const file = join(dir, 'follow.json');
    await writeFile(file, JSON.stringify([transport(`FO${String(now).slice(-8)}`, [masterKey]), { mode: 'road', level: 'master-consignment', body: master(masterKey.documentNumber) }, { mode: 'road', level: 'house-consignment', body: house(`${masterKey.documentNumber}-CTRLAFTER-1`, masterKey) }]));
    const rows = JSON.parse((await run(['submit', file, '--config', configFile, '--json'])).out) as { mrn: string }[];
    pg.arriveTransport(rows[0]!.mrn);
    for (let i = 0; i < 100 && !out.includes('CTRLAFTER'); i++) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    expect(await following).toBe(0);
    expect(out).toMatch(new RegExp(`TO_CONTROL  AFTER_ENTRY  N730 ${masterKey.documentNumber}-CTRLAFTER-1`));
    expect(err).toContain('1 routing item(s) in 1 page(s)');
    expect(out).toContain(`id ${(await readFile(markerFile, 'utf8')).trim()}`);
  });

  it('prints Customs\' field errors for a rejected body (exit 1) and the FAILURE texts for a refused one', async () => {
    const bad = house(`BAD${now}`, { documentNumber: 'M', type: 'N730' });
    bad.consignmentHouseLevel.goodsDescription = '';
    const file = join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(bad));
    const result = await run(['submit', file, '--mode', 'road', '--config', configFile]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('rejected');
    expect(result.out).toContain('consignmentHouseLevel.goodsDescription: must not be blank');

    const duplicate = join(dir, 'dup.json');
    await writeFile(duplicate, JSON.stringify(house(`DUP${now}`, { documentNumber: 'M', type: 'N730' })));
    expect((await run(['submit', duplicate, '--mode', 'road', '--config', configFile])).code).toBe(0);
    const again = await run(['submit', duplicate, '--mode', 'road', '--config', configFile]);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/ALREADY_IN_USE {2}MRN \d{2}NO[A-Z0-9]{14}/);
  });

  it('status of an unknown requestId is reported as pending (exit 4)', async () => {
    const result = await run(['status', '3f1c2a4e-0000-4000-8000-000000000000', '--mode', 'road', '--level', 'transport', '--config', configFile]);
    expect(result).toMatchObject({ code: 4, out: expect.stringContaining('still being validated') });
    const presentation = await run(['status', '3f1c2a4e-0000-4000-8000-000000000000', '--api', 'presentation', '--config', configFile]);
    expect(presentation.code).toBe(4);
    expect(await run(['status', 'x', '--api', 'ens', '--config', configFile])).toMatchObject({ code: 2, err: expect.stringContaining('--api must be notification, presentation, relation or arrival; got "ens"') });
  });
});

describe('the tollkit executable', () => {
  it('runs through tsx with real argv, stdout and exit code', async () => {
    const bin = fileURLToPath(new URL('../../src/cli/tollkit.mjs', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [bin, 'test-auth', '--json'], { env: { ...process.env, TOLLKIT_CONFIG: configFile }, cwd: dir });
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, status: 200 });
    const failed = await promisify(execFile)(process.execPath, [bin, 'status'], { cwd: dir }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('the requestId is missing') });
  });
});
