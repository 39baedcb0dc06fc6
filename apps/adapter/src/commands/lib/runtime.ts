import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createDigitollClient, type DigitollClient, type DigitollEvent } from '@tollkit/digitoll-client';
import { createTokenProvider, type TokenProvider } from '@tollkit/maskinporten';
import {
  EXAMPLE_NAMES,
  MESSAGE_EXAMPLE_NAMES,
  PRESENTATION_EXAMPLE_NAMES,
  exampleMessagePaths,
  examplePaths,
  examplePresentationPaths,
  readMappingProfile,
  readPartnerProfile,
  type ExampleName,
  type MessageExampleName,
  type PartnerProfile,
  type PresentationExampleName,
} from '@tollkit/manifest';
import type { AdapterConfig, ResolvedChannelConfig } from '../../config/load-config.js';
import { carrierTargetsOf, withCarrierTargets, type CarrierRuntimeOptions } from '../../carrier/load-carrier-targets.js';
import { ConfigInvalidError } from '../../errors.js';
import { maskinportenIdentity } from '../../config/maskinporten-identity.js';
import { createChannel } from '../../intake/create-channel.js';
import type { ChannelProfile } from '../../pipeline/ports.js';
import { connectPlayground, pipelineClient } from '../../service/connect-playground.js';
import type { ServiceChannel } from '../../service/start-service.js';
import type { JobStore } from '../../store/job-store.js';
import { openJobStore } from '../../store/open-job-store.js';

/**
 * Finds a channel's profile: a file (relative to the config file) or the name of a bundled
 * example profile (`road-forwarder-export`, … ; presentation examples `air-express-arrivals`, … ;
 * relation/arrival examples `road-relations`, `road-arrivals`). A file may hold a notification
 * mapping profile, a presentation profile (`kind: presentation`) or a relation or arrival profile.
 */
export async function loadChannelProfile(profile: string, configFile: string | undefined): Promise<{ profile: PartnerProfile; name: string }> {
  const candidates = [resolve(configFile === undefined ? process.cwd() : dirname(configFile), profile), resolve(profile)];
  for (const path of candidates) if (existsSync(path)) return { profile: await readPartnerProfile(path), name: profile };
  if ((EXAMPLE_NAMES as readonly string[]).includes(profile)) {
    return { profile: await readMappingProfile(examplePaths(profile as ExampleName).profilePath), name: profile };
  }
  if ((PRESENTATION_EXAMPLE_NAMES as readonly string[]).includes(profile)) {
    return { profile: await readPartnerProfile(examplePresentationPaths(profile as PresentationExampleName).profilePath), name: profile };
  }
  if ((MESSAGE_EXAMPLE_NAMES as readonly string[]).includes(profile)) {
    return { profile: await readPartnerProfile(exampleMessagePaths(profile as MessageExampleName).profilePath), name: profile };
  }
  throw new ConfigInvalidError(configFile ?? '(config)', [
    { path: 'channels[].profile', message: `"${profile}" is neither a profile file nor a bundled example (${[...EXAMPLE_NAMES, ...PRESENTATION_EXAMPLE_NAMES, ...MESSAGE_EXAMPLE_NAMES].join(', ')})` },
  ]);
}

/** The channel's profile as the pipeline takes it. */
export async function channelProfile(channel: ResolvedChannelConfig, configFile: string | undefined): Promise<ChannelProfile> {
  const { profile, name } = await loadChannelProfile(channel.profile, configFile);
  return {
    name: channel.settings.name,
    profile,
    profileName: name,
    resultFormat: channel.resultFormat,
    ...(channel.results !== undefined ? { results: channel.results } : {}),
    ...(channel.presentOnArrival !== undefined ? { presentOnArrival: channel.presentOnArrival } : {}),
  };
}

/** A Digitoll connection made from the config, and what to close afterwards. */
export interface DigitollConnection {
  readonly client: DigitollClient;
  readonly tokens: TokenProvider;
  readonly baseUrl: string;
  /** Set when an embedded playground was started (environment `playground` without a base URL). */
  readonly embeddedPlayground: { url: string; close(): Promise<void> } | undefined;
  /** The Maskinporten client id (the eSeal's issuer) the tokens are for. */
  readonly clientName: string;
  close(): Promise<void>;
}

/**
 * Connects to Digitoll as the config says: Customs' test or production environment with the
 * configured Maskinporten client, a playground at `digitoll.baseUrl`, or — environment
 * `playground` without a URL — an embedded playground whose state lives in `<dataDir>/playground`.
 */
export async function connectDigitoll(
  config: AdapterConfig,
  options: { timeoutMs?: number; onEvent?: ((event: DigitollEvent) => void) | undefined } = {},
): Promise<DigitollConnection> {
  if (config.digitollBaseUrl === undefined) {
    const { startPlayground } = await import('@tollkit/playground');
    const dir = join(config.dataDir, 'playground');
    const pg = await startPlayground({ port: 0, dataDir: dir, stateFile: join(dir, 'state.json'), validationDelayMs: 500 });
    const { client, tokens } = connectPlayground(pg, { ...options, timeoutMs: options.timeoutMs ?? config.digitollRequestTimeoutMs });
    return { client, tokens, baseUrl: pg.url, embeddedPlayground: pg, clientName: pg.demoClient.clientId, close: () => pg.close() };
  }
  const m = config.maskinporten;
  if (m === undefined || m.tokenUrl === undefined || m.audience === undefined) {
    throw new ConfigInvalidError(config.file, [{ path: 'maskinporten', message: `is required to reach ${config.digitollBaseUrl}` }]);
  }
  const exchangeUrl = `${config.digitollBaseUrl.replace(/\/+$/, '')}/api/access/external/oauth/token`;
  const identity = await maskinportenIdentity(m);
  const tokens = createTokenProvider({
    environment: { name: config.environment, tokenUrl: m.tokenUrl, audience: m.audience, tokenExchangeUrl: exchangeUrl },
    identity,
  });
  const settings = {
    baseUrl: config.digitollBaseUrl,
    getToken: (scope: string, o?: { forceRefresh?: boolean }) => tokens.getToken(scope, o?.forceRefresh === true ? { forceRefresh: true } : {}),
    timeoutMs: options.timeoutMs ?? config.digitollRequestTimeoutMs,
    ...(options.onEvent !== undefined ? { onEvent: options.onEvent } : {}),
  };
  const client = pipelineClient(createDigitollClient(settings), createDigitollClient({ ...settings, maxAttempts: 1 }));
  return { client, tokens, baseUrl: config.digitollBaseUrl, embeddedPlayground: undefined, clientName: m.clientId, close: async () => undefined };
}

/** Opens the configured store. */
export async function openStore(config: AdapterConfig): Promise<JobStore> {
  return (await openJobStore(config.store)).store;
}

/**
 * Builds the service's channels (intake channel + profile) from the config; a channel whose `target`
 * is Bring or Shipmondo gets that carrier target in its profile (see src/carrier).
 */
export async function serviceChannels(config: AdapterConfig, carrier: CarrierRuntimeOptions = {}): Promise<ServiceChannel[]> {
  const out: ServiceChannel[] = [];
  for (const c of config.channels) {
    out.push({
      channel: createChannel(c),
      profile: await channelProfile(c, config.file),
      ...(c.kind === 'local'
        ? { local: { root: c.settings.root, processing: c.settings.folders.processing } }
        : { spool: join(config.dataDir, 'spool', c.settings.name) }),
    });
  }
  return withCarrierTargets(out, carrierTargetsOf(config, carrier));
}
