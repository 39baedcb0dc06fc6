import { z } from 'zod';

const envVarName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name (letters, digits, _)' });
const filePath = z.string().min(1, { error: 'must be a file path' });

/**
 * What every carrier target needs to turn a manifest's house consignments into goods lines. The
 * Digitoll drafts carry per line only what VOEC `goodsItem` has (value, number of items, 6-digit HS
 * code); the rest comes from here.
 */
const goodsMapping = {
  /** ISO 4217 code of the manifest's values (Digitoll VOEC values are NOK). */
  currencyCode: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 currency code in upper case, e.g. "NOK"' }).default('NOK'),
  /** Country of origin of every line; default: the house consignor's country. */
  countryOfOrigin: z.string().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166-1 alpha-2 code in upper case, e.g. "CN"' }).optional(),
  /** Whether `goodsItem.itemAmountInvoicedVOEC.value` is the whole line's amount or the price of one item. */
  goodsValue: z.enum(['line-amount', 'unit-price'], { error: 'must be "line-amount" or "unit-price"' }).default('line-amount'),
};

/** Bring Customs API target: declarations sent with the channel's Mybring credentials. */
export const bringTargetSchema = z
  .strictObject({
    kind: z.literal('bring'),
    /** API root; default `https://api.bring.com` (Bring's QA: `https://api.qa.bring.com`; playground: `<url>/bring`). */
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /** Mybring login (e-mail), sent as `X-Mybring-API-Uid`. */
    apiUid: z.string().min(1, { error: 'must be the Mybring API user id (login e-mail)' }),
    apiKeyEnv: envVarName.optional(),
    apiKeyFile: filePath.optional(),
    /** `X-Bring-Client-URL`: identifies the integrating system. */
    clientUrl: z.string().min(1).optional(),
    /** Required on purpose: `true` marks every declaration as a test (`X-Bring-Test-Indicator`). */
    testIndicator: z.boolean({ error: 'must be set: true (test declarations) or false (live declarations)' }),
    /** Bring customer number paying the transport. */
    customerNumber: z.string().min(1, { error: 'must be the Bring customer number' }).max(35, { error: 'must be at most 35 characters' }),
    service: z.enum(['0300', '0336'], { error: 'must be "0300" or "0336"' }).default('0300'),
    declarationType: z.enum(['IMPORT', 'EXPORT', 'IMPORT_EXPORT'], { error: 'must be IMPORT, EXPORT or IMPORT_EXPORT' }).optional(),
    incotermsCode: z
      .enum(['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DPU', 'DAP', 'DDP'], { error: 'must be an Incoterms 2020 code (EXW … DDP)' })
      .optional(),
    /** Declarations in flight at once per manifest. */
    concurrency: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }).max(32, { error: 'must be at most 32' }).default(4),
    /** Client retries on 429/503 per declaration before the row waits for the next round. */
    maxRetries: z.int({ error: 'must be a whole number' }).min(0).max(10, { error: 'must be at most 10' }).default(5),
    ...goodsMapping,
  })
  .check((ctx) => {
    const v = ctx.value;
    if ((v.apiKeyEnv === undefined) === (v.apiKeyFile === undefined)) {
      ctx.issues.push({ code: 'custom', input: v, path: [], message: 'needs exactly one of apiKeyEnv, apiKeyFile (the Mybring API key)' });
    }
  });

/** Shipmondo target: one `customs` JSON object per house written to the outbox. */
export const shipmondoTargetSchema = z.strictObject({
  kind: z.literal('shipmondo'),
  /** Whether the carrier accepts `export_reason: sale_of_goods` (otherwise it is written as `other`). */
  carrierSupportsSaleOfGoods: z.boolean({ error: 'must be true or false' }).default(false),
  exportReason: z
    .enum(['gift', 'documents', 'commercial_samples', 'returned_goods', 'other', 'sale_of_goods'], {
      error: 'must be one of gift, documents, commercial_samples, returned_goods, other, sale_of_goods',
    })
    .default('sale_of_goods'),
  /** Incoterm written as `term_of_trade`. */
  termsOfTrade: z.string().min(1).optional(),
  ...goodsMapping,
});

/**
 * A channel's target: Digitoll notifications (default), Bring Customs API declarations, or
 * Shipmondo customs objects. The same manifest and mapping profile feed all three.
 */
export const channelTargetSchema = z
  .discriminatedUnion('kind', [z.strictObject({ kind: z.literal('digitoll') }), bringTargetSchema, shipmondoTargetSchema], {
    error: 'kind must be "digitoll", "bring" or "shipmondo"',
  })
  .default({ kind: 'digitoll' });

export type ChannelTargetConfig = z.infer<typeof channelTargetSchema>;
export type BringTargetConfig = z.infer<typeof bringTargetSchema>;
export type ShipmondoTargetConfig = z.infer<typeof shipmondoTargetSchema>;
