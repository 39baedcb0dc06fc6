import { z } from 'zod';

/** `test`, `production` or custom URLs (the playground), for config files. */
export const environmentSchema = z.union(
  [
    z.enum(['test', 'production']),
    z.object({
      name: z.string().min(1, 'name must not be empty'),
      tokenUrl: z.url('tokenUrl must be an absolute URL'),
      audience: z.url('audience must be an absolute URL'),
      tokenExchangeUrl: z.url('tokenExchangeUrl must be an absolute URL'),
    }),
  ],
  { error: 'environment must be "test", "production" or {name, tokenUrl, audience, tokenExchangeUrl}' },
);

/** The serialisable settings of `createTokenProvider` (ranges named in the messages). */
export const tokenProviderSettingsSchema = z.object({
  /** Refresh this many seconds before expiry (capped at half the token's lifetime). */
  refreshMarginSeconds: z.number().min(0).max(3600).default(60),
  /** Grant `exp − iat`, 10..120 s. */
  grantLifetimeSeconds: z.number().int().min(10).max(120).default(60),
  /** Attempts per step on network errors, 429 and 5xx. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** First back-off delay in ms; doubles per attempt, with jitter; `Retry-After` wins. */
  retryBaseDelayMs: z.number().min(0).max(60_000).default(500),
  /** Per-request timeout in ms. */
  timeoutMs: z.number().min(100).max(300_000).default(10_000),
  /** Date grants with the server's time (from its `Date` header) instead of ours. */
  compensateClockOffset: z.boolean().default(false),
});

/** See {@link tokenProviderSettingsSchema}. */
export type TokenProviderSettings = z.input<typeof tokenProviderSettingsSchema>;
