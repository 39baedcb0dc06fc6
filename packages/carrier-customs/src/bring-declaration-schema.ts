import { isValidCountryCode, isValidCurrencyCode } from '@tollkit/codesets';
import { z } from 'zod';
import { describeValue } from './lib/field-errors.js';

/**
 * Bring Customs API, `POST /customs/v1/declarations` — docs/digitoll.md §14.2, seed S4.
 *
 * Bring's page documents the fields but not which are required. Required here ([I], inferred, so
 * a declaration can be made at all): `currencyCode`, `customerNumber`, at least one
 * `customsDeclarations` line with `amount`, `consignmentItemId`, `countryCodeOrigin`,
 * `customsArticleNumber`, `goodsDescription`, `grossWeight`; `exporter` and `importer` with `name`,
 * `city`, `postalCode`, `countryCode`; `shipment` with `consignmentId` (≤ 35) and `service`.
 * Every other field is optional and may be `null` (the examples send `null`s).
 *
 * The seed's request examples differ from its schema; both examples parse, as follows:
 * - `quantityOtherUnit` (number) and `numberOfPieces` (integer) are accepted as optional fields
 *   next to the documented `quantity` (string).
 * - `salesOrder` is a string in the schema and `{ articleNumber, orderNumber }` in an example:
 *   both shapes are accepted and kept as given.
 * - `documentReferences: "null,"` is an artefact of the documentation: that literal string is
 *   read as `null`; any other non-array value is an error.
 * Defaults are made explicit in the output: `declarationType` `IMPORT_EXPORT`,
 * `tradePreferenceCode` `J`. Unknown keys are dropped.
 */

/** Declaration types; Bring defaults to `IMPORT_EXPORT`. */
export const bringDeclarationTypes = ['IMPORT', 'EXPORT', 'IMPORT_EXPORT'] as const;
/** A declaration type. */
export type BringDeclarationType = (typeof bringDeclarationTypes)[number];

/** Trade preference codes; Bring defaults to `J`. */
export const bringTradePreferenceCodes = ['A', 'B', 'C', 'G', 'P', 'J', 'N'] as const;
/** A trade preference code. */
export type BringTradePreferenceCode = (typeof bringTradePreferenceCodes)[number];

/** Shipment service codes: `0300` bulk/routing label, `0336`. */
export const bringServiceCodes = ['0300', '0336'] as const;
/** A shipment service code. */
export type BringServiceCode = (typeof bringServiceCodes)[number];

/** Incoterms accepted in `shipment.termsOfDelivery.incotermsCode`. */
export const bringIncotermsCodes = ['EXW', 'FCA', 'FAS', 'FOB', 'CFR', 'CIF', 'CPT', 'CIP', 'DPU', 'DAP', 'DDP'] as const;
/** An incoterms code. */
export type BringIncotermsCode = (typeof bringIncotermsCodes)[number];

/** Response statuses. */
export const bringDeclarationStatuses = ['ACCEPTED', 'FAILED'] as const;
/** A response status. */
export type BringDeclarationStatus = (typeof bringDeclarationStatuses)[number];

const typed = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? 'is required' : `must be ${what} (got ${describeValue(iss.input)})`;

const requiredText = () =>
  z
    .string({ error: typed('a string') })
    .refine((s) => s.trim() !== '', { error: 'must not be blank' });
const optionalText = () => z.string({ error: typed('a string') }).nullish();
const amount = () =>
  z.number({ error: typed('a number') }).nonnegative({ error: (iss) => `must not be negative (got ${describeValue(iss.input)})` });
const countryCode = () =>
  z
    .string({ error: typed('a string') })
    .refine((code) => isValidCountryCode(code), {
      error: (iss) => `must be an ISO 3166-1 alpha-2 country code (got ${describeValue(iss.input)})`,
    });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, {
    error: (iss) =>
      iss.input === undefined ? 'is required' : `must be one of ${values.join(', ')} (got ${describeValue(iss.input)})`,
  });

/** `documentReferences[]` entry. */
export const bringDocumentReferenceSchema = z.object({
  certificateCode: optionalText(),
  documentCode: optionalText(),
});

/** The object form of `salesOrder` seen in the seed's example. */
export const bringSalesOrderSchema = z.object({
  articleNumber: optionalText(),
  orderNumber: optionalText(),
});

/** One customs line (`customsDeclarations[]`). */
export const bringCustomsDeclarationLineSchema = z
  .object({
    amount: amount(),
    consignmentItemId: requiredText(),
    countryCodeOrigin: countryCode(),
    customsArticleNumber: requiredText(),
    documentReferences: z
      .union([z.array(bringDocumentReferenceSchema), z.literal('null,').transform(() => null), z.null()], {
        error: (iss) => `must be an array of { certificateCode, documentCode } (got ${describeValue(iss.input)})`,
      })
      .optional(),
    goodsDescription: requiredText(),
    grossWeight: z
      .number({ error: typed('a number of kg') })
      .positive({ error: (iss) => `must be greater than 0 (got ${describeValue(iss.input)})` }),
    netWeight: z
      .number({ error: typed('a number of kg') })
      .nonnegative({ error: (iss) => `must not be negative (got ${describeValue(iss.input)})` })
      .nullish(),
    quantity: optionalText(),
    quantityOtherUnit: z
      .number({ error: typed('a number') })
      .nonnegative({ error: (iss) => `must not be negative (got ${describeValue(iss.input)})` })
      .nullish(),
    numberOfPieces: z
      .number({ error: typed('a whole number') })
      .int({ error: (iss) => `must be a whole number (got ${describeValue(iss.input)})` })
      .nonnegative({ error: (iss) => `must not be negative (got ${describeValue(iss.input)})` })
      .nullish(),
    salesOrder: z
      .union([z.string(), bringSalesOrderSchema, z.null()], {
        error: (iss) => `must be a string or { articleNumber, orderNumber } (got ${describeValue(iss.input)})`,
      })
      .optional(),
    tradePreferenceCode: oneOf(bringTradePreferenceCodes)
      .nullish()
      .transform((code): BringTradePreferenceCode => code ?? 'J'),
  })
  .superRefine((line, ctx) => {
    if (line.grossWeight > 0 && line.netWeight != null && line.netWeight > line.grossWeight) {
      ctx.addIssue({
        code: 'custom',
        path: ['netWeight'],
        message: `must not exceed grossWeight (${line.netWeight} > ${line.grossWeight})`,
        input: line.netWeight,
      });
    }
  });

/** `exporter` / `importer`. */
export const bringPartySchema = z.object(
  {
    addressLine1: optionalText(),
    city: requiredText(),
    countryCode: countryCode(),
    id: optionalText(),
    name: requiredText(),
    postalCode: requiredText(),
    vatId: optionalText(),
  },
  { error: typed('an object') },
);

/** `invoices[]` entry. */
export const bringInvoiceSchema = z.object({
  amount: amount(),
  discount: amount().nullish(),
  invoiceDate: z.iso.date({
    error: (iss) =>
      iss.input === undefined ? 'is required' : `must be a date YYYY-MM-DD (got ${describeValue(iss.input)})`,
  }),
  invoiceNumber: requiredText(),
});

/** `shipment`. */
export const bringShipmentSchema = z.object(
  {
    consignmentId: requiredText().refine((id) => id.length <= 35, {
      error: (iss) => `must be at most 35 characters (got ${(iss.input as string).length})`,
    }),
    freightCost: amount().nullish(),
    insuranceCost: amount().nullish(),
    service: oneOf(bringServiceCodes),
    termsOfDelivery: z
      .object(
        {
          incotermsCode: oneOf(bringIncotermsCodes),
          location: optionalText(),
        },
        { error: typed('an object') },
      )
      .nullish(),
  },
  { error: typed('an object') },
);

/** The request body of `POST /customs/v1/declarations`. */
export const bringDeclarationRequestSchema = z.object(
  {
    currencyCode: z
      .string({ error: typed('a string') })
      .refine((code) => isValidCurrencyCode(code), {
        error: (iss) => `must be an ISO 4217 currency code (got ${describeValue(iss.input)})`,
      }),
    customerNumber: requiredText(),
    customsDeclarations: z
      .array(bringCustomsDeclarationLineSchema, { error: typed('an array of customs lines') })
      .min(1, { error: 'must contain at least one customs line' }),
    declarationType: oneOf(bringDeclarationTypes)
      .nullish()
      .transform((type): BringDeclarationType => type ?? 'IMPORT_EXPORT'),
    exporter: bringPartySchema,
    importer: bringPartySchema,
    invoices: z.array(bringInvoiceSchema, { error: typed('an array of invoices') }).nullish(),
    shipment: bringShipmentSchema,
  },
  { error: typed('a JSON object') },
);

/** A declaration body as you may write it (defaults may be left out, seed quirks allowed). */
export type BringDeclarationRequestInput = z.input<typeof bringDeclarationRequestSchema>;
/** A validated declaration body (defaults filled in) — what is sent. */
export type BringDeclarationRequest = z.output<typeof bringDeclarationRequestSchema>;
/** One validated customs line. */
export type BringCustomsDeclarationLine = z.output<typeof bringCustomsDeclarationLineSchema>;
/** A validated party. */
export type BringParty = z.output<typeof bringPartySchema>;
/** A validated invoice. */
export type BringInvoice = z.output<typeof bringInvoiceSchema>;

/**
 * The 200 response body `{ error, processingId, status }`. Unknown elements are ignored (Bring's
 * versioning rule). `processingId` may be missing or `null` on `FAILED` [I].
 */
export const bringDeclarationResponseSchema = z.object({
  error: z.string().nullish().transform((e) => e ?? null),
  processingId: z.string().nullish().transform((id) => id ?? null),
  status: z.enum(bringDeclarationStatuses),
});

/** A parsed response body. */
export type BringDeclarationResponse = z.output<typeof bringDeclarationResponseSchema>;
