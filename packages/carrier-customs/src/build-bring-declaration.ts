import type {
  BringDeclarationRequest,
  BringDeclarationType,
  BringIncotermsCode,
  BringServiceCode,
  BringTradePreferenceCode,
} from './bring-declaration-schema.js';
import { BringDeclarationInvalidError } from './errors.js';
import { validateBringDeclaration } from './validate-bring-declaration.js';

/** A party (exporter or importer) in domain terms. */
export interface BringPartyInput {
  name: string;
  addressLine1?: string;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2; lower case is upper-cased. */
  countryCode: string;
  /** Usually the party's Bring customer number. */
  id?: string;
  vatId?: string;
}

/** One goods line of a parcel, in domain terms. */
export interface BringGoodsLineInput {
  /** The parcel / item id, e.g. `CS128104136NO` (Bring `consignmentItemId`). */
  consignmentItemId: string;
  descriptionOfGoods: string;
  /** Tariff code or article number (Bring `customsArticleNumber`); spaces and dots removed. */
  commodityCode: string;
  /** ISO 3166-1 alpha-2 country of origin. */
  countryOfOrigin: string;
  /** Value of the line in the declaration's currency (Bring `amount`). */
  value: number;
  /** Gross mass in kg. */
  grossMassKg: number;
  /** Net mass in kg. */
  netMassKg?: number;
  /** Quantity when weight is not a suitable unit (sent as the documented string `quantity`). */
  quantity?: number | string;
  tradePreferenceCode?: BringTradePreferenceCode;
  /** Reference to the customer's sales order (sent as the documented string form). */
  salesOrder?: string;
  documentReferences?: readonly { certificateCode?: string; documentCode?: string }[];
}

/** An invoice in domain terms; a `Date` is written as its UTC calendar day. */
export interface BringInvoiceInput {
  invoiceNumber: string;
  invoiceDate: string | Date;
  amount: number;
  discount?: number;
}

/** The domain input of {@link buildBringDeclaration}. */
export interface BringDeclarationInput {
  /** ISO 4217 code for every amount. */
  currencyCode: string;
  /** Bring customer number paying the transport. */
  customerNumber: string;
  /** Defaults to `IMPORT_EXPORT`. */
  declarationType?: BringDeclarationType;
  /** Shipment id, at most 35 characters (Bring `shipment.consignmentId`). */
  consignmentId: string;
  /** `0300` (bulk/routing label) or `0336`. */
  service: BringServiceCode;
  freightCost?: number;
  insuranceCost?: number;
  termsOfDelivery?: { incotermsCode: BringIncotermsCode; location?: string };
  exporter: BringPartyInput;
  importer: BringPartyInput;
  lines: readonly BringGoodsLineInput[];
  invoices?: readonly BringInvoiceInput[];
}

function party(input: BringPartyInput): Record<string, unknown> {
  return {
    ...(input.addressLine1 !== undefined && { addressLine1: input.addressLine1 }),
    city: input.city,
    countryCode: input.countryCode.trim().toUpperCase(),
    ...(input.id !== undefined && { id: input.id }),
    name: input.name,
    postalCode: input.postalCode,
    ...(input.vatId !== undefined && { vatId: input.vatId }),
  };
}

function calendarDay(date: string | Date): string {
  return typeof date === 'string' ? date : date.toISOString().slice(0, 10);
}

/**
 * Builds a Bring Customs API declaration body from domain data and validates it.
 *
 * Field names follow Bring's documented schema (`quantity` as a string, `salesOrder` as a string);
 * `declarationType` and `tradePreferenceCode` are always written out (defaults `IMPORT_EXPORT`, `J`).
 *
 * @throws {BringDeclarationInvalidError} (`BRING_DECLARATION_INVALID`, bad-data) with per-field errors.
 * @example
 * const body = buildBringDeclaration({
 *   currencyCode: 'NOK', customerNumber: '1234567890', consignmentId: '70438101015432', service: '0300',
 *   exporter: { name: 'Ex Porter', postalCode: '0150', city: 'Oslo', countryCode: 'NO' },
 *   importer: { name: 'Im Porter', postalCode: '12000', city: 'Stockholm', countryCode: 'SE' },
 *   lines: [{ consignmentItemId: 'CS128104136NO', descriptionOfGoods: 'T-shirts', commodityCode: '6109.10.00',
 *             countryOfOrigin: 'NO', value: 1500.5, grossMassKg: 1.2 }],
 * });
 */
export function buildBringDeclaration(input: BringDeclarationInput): BringDeclarationRequest {
  const body = {
    currencyCode: input.currencyCode.trim().toUpperCase(),
    customerNumber: input.customerNumber,
    customsDeclarations: input.lines.map((line) => ({
      amount: line.value,
      consignmentItemId: line.consignmentItemId,
      countryCodeOrigin: line.countryOfOrigin.trim().toUpperCase(),
      customsArticleNumber: line.commodityCode.replace(/[\s.]/g, ''),
      ...(line.documentReferences !== undefined && { documentReferences: line.documentReferences.map((r) => ({ ...r })) }),
      goodsDescription: line.descriptionOfGoods.trim(),
      grossWeight: line.grossMassKg,
      ...(line.netMassKg !== undefined && { netWeight: line.netMassKg }),
      ...(line.quantity !== undefined && { quantity: String(line.quantity) }),
      ...(line.salesOrder !== undefined && { salesOrder: line.salesOrder }),
      tradePreferenceCode: line.tradePreferenceCode ?? 'J',
    })),
    declarationType: input.declarationType ?? 'IMPORT_EXPORT',
    exporter: party(input.exporter),
    importer: party(input.importer),
    ...(input.invoices !== undefined && {
      invoices: input.invoices.map((invoice) => ({
        amount: invoice.amount,
        ...(invoice.discount !== undefined && { discount: invoice.discount }),
        invoiceDate: calendarDay(invoice.invoiceDate),
        invoiceNumber: invoice.invoiceNumber,
      })),
    }),
    shipment: {
      consignmentId: input.consignmentId,
      ...(input.freightCost !== undefined && { freightCost: input.freightCost }),
      ...(input.insuranceCost !== undefined && { insuranceCost: input.insuranceCost }),
      service: input.service,
      ...(input.termsOfDelivery !== undefined && { termsOfDelivery: { ...input.termsOfDelivery } }),
    },
  };
  const result = validateBringDeclaration(body);
  if (!result.ok) throw new BringDeclarationInvalidError(result.errors);
  return result.value;
}
