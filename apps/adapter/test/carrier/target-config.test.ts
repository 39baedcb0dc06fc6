/** The per-channel `target` option: validation through the real config loader, and secret loading. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCarrierTargets } from '../../src/carrier/load-carrier-targets.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ConfigInvalidError } from '../../src/errors.js';
import { makeTempDir } from '../support/temp-dir.js';

function yaml(target: string): string {
  return `environment: playground
channels:
  - kind: local
    name: acme
    profile: voec-webshop
    path: ./acme
${target
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => `    ${l}`)
  .join('\n')}
`;
}

describe('channel target config', () => {
  let dir: ReturnType<typeof makeTempDir>;
  const write = (text: string): string => {
    const file = join(dir.path, 'adapter.yaml');
    writeFileSync(file, text);
    return file;
  };
  const problems = (file: string): { path: string; message: string }[] => {
    try {
      loadConfig(file, { env: {} });
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFIG_INVALID', category: 'config' });
      return (error as ConfigInvalidError).issues.map(({ path, message }) => ({ path, message }));
    }
    throw new Error('expected the config to be rejected');
  };

  beforeEach(() => {
    dir = makeTempDir('carrier-config');
  });
  afterEach(() => dir.remove());

  it('defaults to digitoll: no carrier targets', () => {
    const file = write(yaml(''));
    expect(loadConfig(file, { env: {} }).channels).toHaveLength(1);
    expect(loadCarrierTargets(file, { env: {} }).size).toBe(0);
    const explicit = write(yaml('target: { kind: digitoll }'));
    expect(loadCarrierTargets(explicit, { env: {} }).size).toBe(0);
  });

  it('accepts a Bring target, fills its defaults and loads the API key from the environment', () => {
    const file = write(
      yaml(`target:
  kind: bring
  baseUrl: http://127.0.0.1:9/bring
  apiUid: ops@forwarder.example
  apiKeyEnv: BRING_KEY
  testIndicator: true
  customerNumber: "20012345678"`),
    );
    const loaded = loadConfig(file, { env: { BRING_KEY: 'secret-value' } });
    expect(loaded.channels[0]?.target).toMatchObject({ kind: 'bring', apiKey: 'secret-value', customerNumber: '20012345678' });
    expect(() => loadConfig(file, { env: {} })).toThrow(/target\.apiKeyEnv: environment variable BRING_KEY is not set or empty/);
    const target = loadCarrierTargets(file, { env: { BRING_KEY: 'secret-value' } }).get('acme');
    expect(target).toMatchObject({
      kind: 'bring',
      customerNumber: '20012345678',
      service: '0300',
      currencyCode: 'NOK',
      goodsValue: 'line-amount',
      concurrency: 4,
    });
    expect(typeof (target as { client?: { submitDeclaration?: unknown } }).client?.submitDeclaration).toBe('function');
  });

  it('reads the Bring API key from a file relative to the config file', () => {
    writeFileSync(join(dir.path, 'bring.key'), 'key-from-file\n');
    const file = write(
      yaml(`target: { kind: bring, apiUid: ops@x.example, apiKeyFile: bring.key, testIndicator: false, customerNumber: "1" }`),
    );
    expect(loadCarrierTargets(file, { env: {} }).get('acme')?.kind).toBe('bring');
  });

  it('reports every problem of a Bring target with its path', () => {
    const file = write(
      yaml(`target:
  kind: bring
  apiUid: ""
  apiKeyEnv: BRING_KEY
  apiKeyFile: bring.key
  customerNumber: "1"
  service: "0400"
  currencyCode: nok
  concurrency: 0
  extra: 1`),
    );
    const issues = problems(file);
    const at = (suffix: string) => issues.find((i) => i.path === `channels[0] (acme).target${suffix}`)?.message;
    expect(at('.apiUid')).toBe('must be the Mybring API user id (login e-mail)');
    expect(at('.testIndicator')).toBe('must be set: true (test declarations) or false (live declarations)');
    expect(at('.service')).toBe('must be "0300" or "0336"');
    expect(at('.currencyCode')).toBe('must be an ISO 4217 currency code in upper case, e.g. "NOK"');
    expect(at('.concurrency')).toBe('must be at least 1');
    expect(issues.some((i) => i.path.startsWith('channels[0] (acme).target') && /extra/.test(i.message))).toBe(true);
  });

  it('needs exactly one source of the Bring API key', () => {
    const file = write(yaml(`target: { kind: bring, apiUid: a@b.example, testIndicator: true, customerNumber: "1" }`));
    expect(problems(file)).toContainEqual({
      path: 'channels[0] (acme).target',
      message: 'needs exactly one of apiKeyEnv, apiKeyFile (the Mybring API key)',
    });
  });

  it('refuses an unknown target kind', () => {
    expect(problems(write(yaml('target: { kind: postnord }')))).toContainEqual({
      path: 'channels[0] (acme).target.kind',
      message: 'kind must be "digitoll", "bring" or "shipmondo"',
    });
  });

  it('names a missing API key variable or file without echoing secrets', () => {
    const file = write(yaml(`target: { kind: bring, apiUid: a@b.example, apiKeyEnv: BRING_KEY, testIndicator: true, customerNumber: "1" }`));
    expect(() => loadCarrierTargets(file, { env: {} })).toThrow(/target\.apiKeyEnv: environment variable BRING_KEY is not set or empty/);
    const fromFile = write(yaml(`target: { kind: bring, apiUid: a@b.example, apiKeyFile: missing.key, testIndicator: true, customerNumber: "1" }`));
    try {
      loadCarrierTargets(fromFile, { env: {} });
      throw new Error('expected a missing secret');
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFIG_SECRET_MISSING', category: 'config' });
      expect((error as Error).message).toMatch(/target\.apiKeyFile: cannot read .*missing\.key \(ENOENT\)/);
    }
  });

  it('accepts a Shipmondo target with defaults and checks its export reason', () => {
    const file = write(yaml('target: { kind: shipmondo, countryOfOrigin: CN }'));
    expect(loadCarrierTargets(file, { env: {} }).get('acme')).toEqual({
      kind: 'shipmondo',
      currencyCode: 'NOK',
      countryOfOrigin: 'CN',
      goodsValue: 'line-amount',
      carrierSupportsSaleOfGoods: false,
      exportReason: 'sale_of_goods',
      termsOfTrade: undefined,
    });
    const bad = write(yaml('target: { kind: shipmondo, exportReason: bribe, countryOfOrigin: cn, carrierSupportsSaleOfGoods: "yes" }'));
    const issues = problems(bad);
    expect(issues).toContainEqual({
      path: 'channels[0] (acme).target.exportReason',
      message: 'must be one of gift, documents, commercial_samples, returned_goods, other, sale_of_goods',
    });
    expect(issues).toContainEqual({ path: 'channels[0] (acme).target.countryOfOrigin', message: 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. "CN"' });
    expect(issues).toContainEqual({ path: 'channels[0] (acme).target.carrierSupportsSaleOfGoods', message: 'must be true or false' });
  });
});
