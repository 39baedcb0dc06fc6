#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createGrant } from './create-grant.js';
import type { FaultConfig } from './lib/faults.js';
import { ensureDemoClient } from './maskinporten/demo-client.js';
import { startPlayground } from './start-playground.js';

const HELP = `Tollkit playground — local Digitoll + Maskinporten + Bring simulator

Usage:
  pnpm playground [options]                 start the server
  pnpm playground grant [--scope S] [--url U] [--kid]
                                            print a signed Maskinporten grant for the demo client

Options:
  --port N                  TCP port (default 4780; 0 = any free port)
  --host H                  interface (default 127.0.0.1)
  --validation-delay-ms N   delay before validation-status answers (default 1000)
  --data-dir DIR            demo client + signing key folder (default ./.playground-data)
  --state-file FILE         persist state here (default <data-dir>/state.json)
  --in-memory               do not persist state
  --vehicle-register        check road transports with countryCode NO against data/reference/vehicle-register.csv (B8)
  --customs-token-lifetime N   expires_in of Customs tokens in seconds (default 970)
  --maskinporten-token-lifetime N  expires_in of Maskinporten tokens (default 120)
  --bring-rate-limit N      Bring requests per second per API uid (default 10; 0 = unlimited)
  --latency-ms N  --jitter-ms N  --error-rate R  --drop-rate R  --fault-seed N
                            fault injection (rates 0..1); change at run time with PUT /_admin/faults
  --help
`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) {
    process.stderr.write(`--${name} must be a number (got ${v})\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'validation-delay-ms': { type: 'string' },
      'data-dir': { type: 'string' },
      'state-file': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'vehicle-register': { type: 'boolean' },
      'customs-token-lifetime': { type: 'string' },
      'maskinporten-token-lifetime': { type: 'string' },
      'bring-rate-limit': { type: 'string' },
      'latency-ms': { type: 'string' },
      'jitter-ms': { type: 'string' },
      'error-rate': { type: 'string' },
      'drop-rate': { type: 'string' },
      'fault-seed': { type: 'string' },
      scope: { type: 'string' },
      url: { type: 'string' },
      kid: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const dataDir = resolve(values['data-dir'] ?? '.playground-data');

  if (positionals[0] === 'grant') {
    const client = ensureDemoClient(join(dataDir, 'demo-client'), Date.now());
    const url = values.url ?? `http://127.0.0.1:${values.port ?? '4780'}`;
    const grant = await createGrant({ client, audience: `${url.replace(/\/$/, '')}/maskinporten/`, scope: values.scope ?? 'toll:movement/road/v2', keyReference: values.kid ? 'kid' : 'x5c' });
    process.stdout.write(`${grant}\n`);
    return;
  }
  if (positionals.length > 0) {
    process.stderr.write(`Unknown command ${positionals[0] ?? ''}\n${HELP}`);
    process.exit(2);
  }

  const faults: FaultConfig = {};
  const latency = num('latency-ms', values['latency-ms']);
  const jitter = num('jitter-ms', values['jitter-ms']);
  const errorRate = num('error-rate', values['error-rate']);
  const dropRate = num('drop-rate', values['drop-rate']);
  const seed = num('fault-seed', values['fault-seed']);
  if (latency !== undefined) faults.latencyMs = latency;
  if (jitter !== undefined) faults.jitterMs = jitter;
  if (errorRate !== undefined) faults.errorRate = errorRate;
  if (dropRate !== undefined) faults.dropRate = dropRate;
  if (seed !== undefined) faults.seed = seed;

  const opts: Parameters<typeof startPlayground>[0] = {
    port: num('port', values.port) ?? 4780,
    host: values.host ?? '127.0.0.1',
    validationDelayMs: num('validation-delay-ms', values['validation-delay-ms']) ?? 1000,
    dataDir,
    faults,
  };
  if (values['vehicle-register']) opts.vehicleRegister = true;
  if (!values['in-memory']) opts.stateFile = resolve(values['state-file'] ?? join(dataDir, 'state.json'));
  const ctl = num('customs-token-lifetime', values['customs-token-lifetime']);
  const mtl = num('maskinporten-token-lifetime', values['maskinporten-token-lifetime']);
  const brl = num('bring-rate-limit', values['bring-rate-limit']);
  if (ctl !== undefined) opts.customsTokenLifetimeSeconds = ctl;
  if (mtl !== undefined) opts.maskinportenTokenLifetimeSeconds = mtl;
  if (brl !== undefined) opts.bringRateLimitPerSecond = brl;

  let pg;
  try {
    pg = await startPlayground(opts);
  } catch (error) {
    process.stderr.write(`playground: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const d = pg.demoClient;
  const meta = JSON.parse(readFileSync(join(d.dir, 'client.json'), 'utf8')) as { clientId: string };
  process.stdout.write(
    [
      'Tollkit playground is running',
      `  Digitoll API        ${pg.url}/api/movement/…  (road/v2, air/v1, rail/v1, maritime/v1, presentation/v1, routing/v1, arrival/v1)`,
      `  Token exchange      ${pg.url}/api/access/external/oauth/token`,
      `  Maskinporten token  ${pg.maskinporten.tokenUrl}   (audience ${pg.maskinporten.audience})`,
      `  Bring Customs API   ${pg.bringUrl}/customs/v1/declarations`,
      `  Admin               ${pg.url}/_admin/{counters,faults,clock,notifications,arrive/<mrn>}`,
      `  Validation delay    ${opts.validationDelayMs} ms; state ${opts.stateFile ?? 'in memory'}`,
      '',
      `Demo Maskinporten client (${meta.clientId}, org ${d.orgNumber}) in ${d.dir}:`,
      `  client.json  private-key.pem  certificate.pem  public-jwk.json   (kid ${d.kid})`,
      '',
      'Try it:',
      `  ASSERTION=$(pnpm -s playground grant --url ${pg.url} --scope toll:movement/road/v2)`,
      `  curl -s ${pg.maskinporten.tokenUrl} -d grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer -d assertion=$ASSERTION`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void pg.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
