/** Shared types of the code lists, enums and ISO lists. */

/** One row of a code list. */
export interface CodeEntry<C extends string = string> {
  /** The code as sent on the wire, e.g. `'N740'` or `'IMMEDIATE_RELEASE_IMPORT'`. */
  readonly code: C;
  /** English description from Customs' English page (empty for a few national codes whose page text is Norwegian only). */
  readonly descriptionEn: string;
  /** Norwegian description from Customs' Norwegian page. */
  readonly descriptionNo: string;
}

/** Language of a description: `'en'` English, `'no'` Norwegian (bokmål). */
export type Language = 'en' | 'no';

/** A bundled code list as generated from its CSV. */
export interface CodeListSource<N extends string = string, C extends string = string> {
  readonly name: N;
  /** Title of the list on Customs' page, e.g. `'Transport document type'`. */
  readonly title: string;
  /** Where the Digitoll messages use the list. */
  readonly usedBy: string;
  /** The rows in the order of Customs' page. */
  readonly entries: readonly CodeEntry<C>[];
}

/** A bundled enum (values of a Digitoll or carrier field that have no published code-list table). */
export interface EnumSource<N extends string = string, V extends string = string> {
  readonly name: N;
  /** The field (JSON path or header) the values belong to. */
  readonly field: string;
  /** Where the values come from (section of the reference and its source kind). */
  readonly source: string;
  readonly values: readonly { readonly value: V; readonly description: string }[];
}

/**
 * Kind of an ISO 4217 code: `currency` (a circulating currency), `fund` (fund codes such as `CLF`),
 * `precious-metal` (`XAU` …), `special` (`XDR`, `XTS`, `XXX` …), `withdrawn` (recently replaced codes
 * such as `HRK`, `BGN`, `ANG`, kept to give a precise message).
 */
export type CurrencyKind = 'currency' | 'fund' | 'precious-metal' | 'special' | 'withdrawn';
