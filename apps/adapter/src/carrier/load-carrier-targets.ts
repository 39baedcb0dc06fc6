import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BRING_API_BASE_URL, createBringCustomsClient, type BringRetryInfo } from '@tollkit/carrier-customs';
import type { Dispatcher } from 'undici';
import { parseDocument } from 'yaml';
import { adapterConfigFileSchema } from '../config/config-schema.js';
import { ConfigInvalidError, ConfigSecretMissingError } from '../errors.js';
import type { ServiceChannel } from '../service/start-service.js';
import type { CarrierTarget } from './carrier-target.js';
import type { BringTargetConfig, ShipmondoTargetConfig } from './target-schema.js';

/** What a Bring target needs besides its config: the API key, and optionally transport hooks. */
export interface CarrierRuntimeOptions {
  /** undici dispatcher for the Bring client (tests, proxies). */
  readonly dispatcher?: Dispatcher | undefined;
  /** Called before each 429/503 wait of the Bring client (metrics, logs; no secrets). */
  readonly onRetry?: ((info: BringRetryInfo) => void) | undefined;
}

/**
 * Builds a channel's carrier target from its validated config: for Bring, a client with the
 * Mybring credentials, `X-Bring-Test-Indicator` and the 429 backoff of `@tollkit/carrier-customs`.
 *
 * @example
 * const target = createCarrierTarget(channel.target, { apiKey }, {});
 */
export function createCarrierTarget(
  config: BringTargetConfig | ShipmondoTargetConfig,
  secrets: { readonly apiKey?: string | undefined },
  options: CarrierRuntimeOptions = {},
): CarrierTarget {
  const goods = { currencyCode: config.currencyCode, countryOfOrigin: config.countryOfOrigin, goodsValue: config.goodsValue };
  if (config.kind === 'shipmondo') {
    return {
      kind: 'shipmondo',
      ...goods,
      carrierSupportsSaleOfGoods: config.carrierSupportsSaleOfGoods,
      exportReason: config.exportReason,
      termsOfTrade: config.termsOfTrade,
    };
  }
  if (secrets.apiKey === undefined || secrets.apiKey === '') throw new TypeError('createCarrierTarget: a Bring target needs its API key');
  const client = createBringCustomsClient({
    baseUrl: config.baseUrl ?? BRING_API_BASE_URL,
    apiUid: config.apiUid,
    apiKey: secrets.apiKey,
    testIndicator: config.testIndicator,
    maxRetries: config.maxRetries,
    ...(config.clientUrl !== undefined ? { clientUrl: config.clientUrl } : {}),
    ...(options.dispatcher !== undefined ? { dispatcher: options.dispatcher } : {}),
    ...(options.onRetry !== undefined ? { onRetry: options.onRetry } : {}),
  });
  return {
    kind: 'bring',
    ...goods,
    client,
    customerNumber: config.customerNumber,
    service: config.service,
    declarationType: config.declarationType,
    incotermsCode: config.incotermsCode,
    concurrency: config.concurrency,
  };
}

/**
 * Reads the carrier targets of a config file (the `target` of each channel; Digitoll channels are
 * left out) and loads the Bring API keys from `apiKeyEnv` / `apiKeyFile` (relative to the config
 * file). Every problem is reported at once as `CONFIG_INVALID` / `CONFIG_SECRET_MISSING`, naming the
 * key, never the value.
 *
 * @returns carrier targets by channel name
 * @example
 * const targets = loadCarrierTargets(config.file, { env: process.env });
 */
export function loadCarrierTargets(
  file: string,
  options: { readonly env: NodeJS.ProcessEnv } & CarrierRuntimeOptions,
): Map<string, CarrierTarget> {
  const path = resolve(file);
  const raw: unknown = parseDocument(readFileSync(path, 'utf8'), { uniqueKeys: true }).toJS();
  const parsed = adapterConfigFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new ConfigInvalidError(
      path,
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    );
  }
  const issues: { path: string; message: string }[] = [];
  const out = new Map<string, CarrierTarget>();
  parsed.data.channels.forEach((channel, index) => {
    const target = channel.target;
    if (target.kind === 'digitoll') return;
    const at = `channels[${index}] (${channel.name}).target.`;
    let apiKey: string | undefined;
    if (target.kind === 'bring') {
      if (target.apiKeyEnv !== undefined) {
        apiKey = options.env[target.apiKeyEnv];
        if (apiKey === undefined || apiKey === '') issues.push({ path: `${at}apiKeyEnv`, message: `environment variable ${target.apiKeyEnv} is not set or empty` });
      } else if (target.apiKeyFile !== undefined) {
        const keyFile = resolve(dirname(path), target.apiKeyFile);
        try {
          apiKey = readFileSync(keyFile, 'utf8').replace(/\r?\n$/, '');
          if (apiKey === '') issues.push({ path: `${at}apiKeyFile`, message: `${keyFile} is empty` });
        } catch (error) {
          issues.push({ path: `${at}apiKeyFile`, message: `cannot read ${keyFile} (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
        }
      }
      if (apiKey === undefined || apiKey === '') return;
    }
    out.set(channel.name, createCarrierTarget(target, { apiKey }, options));
  });
  if (issues.length > 0) throw new ConfigSecretMissingError(new ConfigInvalidError(path, issues).message);
  return out;
}

/**
 * Gives the service channels whose config names a carrier target that target (in their profile),
 * so the dispatcher sends their manifests to Bring or Shipmondo instead of Digitoll.
 */
export function withCarrierTargets(channels: readonly ServiceChannel[], targets: ReadonlyMap<string, CarrierTarget>): ServiceChannel[] {
  return channels.map((c) => {
    const carrier = targets.get(c.channel.name);
    return carrier === undefined ? c : { ...c, profile: { ...c.profile, carrier } };
  });
}
