/** The bundled example configs (examples/*.yaml) load, and the playground one passes `tollkit doctor`. */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { adapterConfigFileSchema } from '../../src/config/config-schema.js';
import { loadConfig } from '../../src/config/load-config.js';
import { makeTempDir } from '../support/temp-dir.js';

const example = (name: string) => fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));

describe('example configs', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('examples');
  });
  afterEach(() => dir.remove());

  it('production: valid as written; names every missing secret; loads with the secrets in place', () => {
    const text = readFileSync(example('tollkit.production.yaml'), 'utf8');
    expect(adapterConfigFileSchema.safeParse(parse(text)).success).toBe(true);
    try {
      loadConfig(example('tollkit.production.yaml'), { env: {} });
      throw new Error('expected missing secrets');
    } catch (error) {
      expect(error).toMatchObject({ code: 'CONFIG_SECRET_MISSING' });
      const message = (error as Error).message;
      for (const key of ['store.urlEnv', 'store.passwordFile', 'maskinporten.client.key.file', 'maskinporten.client.key.passwordFile', 'channels[1] (nordic).privateKeyFile', 'channels[1] (nordic).passphraseEnv', 'service.console.operators[0].tokenFile']) {
        expect(message).toContain(key);
      }
    }

    const secrets = join(dir.path, 'secrets');
    const file = join(dir.path, 'tollkit.yaml');
    writeFileSync(file, text.replaceAll('/run/secrets/', `${secrets}-`));
    writeFileSync(`${secrets}-tollkit_pg_password`, 'pg-secret\n');
    writeFileSync(`${secrets}-virksomhetssertifikat.p12`, Buffer.from([0x30, 0x82]));
    writeFileSync(`${secrets}-virksomhetssertifikat_password`, 'p12-password\n');
    writeFileSync(`${secrets}-tollkit_operator_token`, 'operator-token\n');
    writeFileSync(`${secrets}-nordic_ed25519`, '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
    const config = loadConfig(file, { env: { TOLLKIT_PG_URL: 'postgres://tollkit@db.internal/tollkit', TOLLKIT_NORDIC_KEY_PASSPHRASE: 'phrase' } });
    expect(config).toMatchObject({
      environment: 'production',
      instanceId: 'tollkit-a',
      digitollBaseUrl: 'https://api.toll.no',
      digitollRequestTimeoutMs: 30_000,
      store: { kind: 'postgres', connectionString: 'postgres://tollkit@db.internal/tollkit', password: 'pg-secret' },
      maskinporten: {
        audience: 'https://maskinporten.no/',
        tokenUrl: 'https://maskinporten.no/token',
        clientId: '00000000-0000-0000-0000-000000000000',
        client: { kind: 'business-certificate', key: { format: 'pkcs12', file: `${secrets}-virksomhetssertifikat.p12`, password: 'p12-password' } },
      },
      service: {
        http: { host: '0.0.0.0', port: 9464 },
        workers: 4,
        routing: true,
        routingIntervalMs: 30_000,
        console: { enabled: true, refreshMs: 2000, operators: [{ name: 'ops-oncall', kind: 'token', secret: 'operator-token' }] },
      },
    });
    expect(config.channels.map((c) => [c.kind, c.settings.name, c.target.kind])).toEqual([
      ['local', 'acme', 'digitoll'],
      ['sftp', 'nordic', 'digitoll'],
    ]);
    const sftp = config.channels[1];
    expect(sftp?.kind === 'sftp' && sftp.settings.connection).toMatchObject({ host: 'sftp.nordic.example', passphrase: 'phrase', hostKeyFingerprints: ['SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s'] });
  });

  it('playground: loads without secrets and passes doctor with the embedded playground', async () => {
    const file = join(dir.path, 'tollkit.yaml');
    copyFileSync(example('tollkit.playground.yaml'), file);
    // another port than the default, so a running adapter on this machine does not matter
    writeFileSync(file, readFileSync(file, 'utf8').replace('port: 9464', 'port: 0'));
    const config = loadConfig(file, { env: {} });
    expect(config.digitollBaseUrl).toBeUndefined();
    expect(config.channels.map((c) => c.profile)).toEqual(['road-forwarder-export', 'air-express-awb', 'road-arrivals', 'voec-webshop']);
    expect(config.channels.find((c) => c.profile === 'air-express-awb')?.presentOnArrival).toEqual({ trigger: ['file', 'entry-status'] });
    let out = '';
    const code = await main(['doctor', '--config', file], { out: (t) => void (out += t), err: (t) => void (out += t), env: {}, cwd: dir.path, signal: new AbortController().signal });
    expect(out).toMatch(/embedded playground/);
    expect(out).toMatch(/all checks passed/);
    expect(out).toMatch(/road-arrivals: csv → arrivals \(road\)/);
    expect(code).toBe(0);
  });
});
