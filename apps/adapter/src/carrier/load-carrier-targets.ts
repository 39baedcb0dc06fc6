import { BRING_API_BASE_URL, createBringCustomsClient, type BringRetryInfo } from '@tollkit/carrier-customs';
import type { Dispatcher } from 'undici';
import { loadConfig, type AdapterConfig } from '../config/load-config.js';
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
 * The carrier targets of a loaded config (the `target` of each channel; Digitoll channels are left
 * out), built with the Bring API keys `loadConfig` read from `apiKeyEnv` / `apiKeyFile`.
 *
 * @returns carrier targets by channel name
 * @example
 * const targets = carrierTargetsOf(loadConfig('tollkit.yaml'));
 */
export function carrierTargetsOf(config: Pick<AdapterConfig, 'channels'>, options: CarrierRuntimeOptions = {}): Map<string, CarrierTarget> {
  const out = new Map<string, CarrierTarget>();
  for (const channel of config.channels) {
    const target = channel.target;
    if (target.kind === 'digitoll') continue;
    out.set(channel.settings.name, createCarrierTarget(target, target.kind === 'bring' ? { apiKey: target.apiKey } : {}, options));
  }
  return out;
}

/**
 * Reads the carrier targets of a config file through {@link loadConfig} (so every problem is
 * reported at once as `CONFIG_INVALID` / `CONFIG_SECRET_MISSING`, naming the key, never the value).
 * Prefer {@link carrierTargetsOf} when the config is already loaded.
 *
 * @returns carrier targets by channel name
 * @example
 * const targets = loadCarrierTargets('tollkit.yaml', { env: process.env });
 */
export function loadCarrierTargets(
  file: string,
  options: { readonly env: NodeJS.ProcessEnv } & CarrierRuntimeOptions,
): Map<string, CarrierTarget> {
  return carrierTargetsOf(loadConfig(file, { env: options.env }), options);
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
