/**
 * Shapes of Norwegian Customs' machine-readable procedure tables exactly as published
 * (`data/variants.json`, `data/en.json`, `data/nb.json`, `data/field-definitions.json`) and of the
 * per-mode table `data/procedure-variants.csv`. Nothing here is interpreted; see `variant-table.ts`.
 */

/** A cell that is either one value or one value per sub-column (`subColumns` = 2). */
export type RawCell<T> = T | readonly T[];

/** One variant's values as in `variants.json`. */
export interface RawVariantValues {
  readonly importProcedure: string;
  /** `"-"` when there is no outgoing procedure. */
  readonly outgoingProcedure: string;
  /** `"-"` where the page cell is empty (V7). */
  readonly hasOutgoingProcedure: boolean | string;
  readonly referenceNumber: RawCell<boolean>;
  readonly typeOfReference: RawCell<string | null>;
  readonly declarantNumber: RawCell<boolean>;
  readonly declarationDate: RawCell<boolean>;
  readonly sequenceNumber: RawCell<boolean>;
  readonly exportId: boolean;
  readonly typeOfExport: readonly string[] | null;
  readonly value?: boolean;
  readonly numberOfItems?: boolean;
  readonly harmonizedSystemSubheadingCode?: boolean;
  readonly vatIdentificationNumber?: boolean;
  readonly incompleteDocumentationReason: readonly string[];
}

/** One entry of `variants.json`. */
export interface RawVariant {
  readonly subColumns: number;
  readonly values: RawVariantValues;
  readonly headerNotes: {
    readonly previousDocuments: RawCell<string>;
    readonly exportFromEU: string;
  };
}

/** A description line: plain text or a link block (`{ class, html }`). */
export type RawDescriptionLine = string | { readonly class: string; readonly html: string };

/** `en.json` / `nb.json`. */
export interface RawLocaleTexts {
  readonly code: string;
  readonly hrefSuffix: string;
  readonly ui: Readonly<Record<string, string>>;
  readonly templates: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly variantDescriptions: Readonly<Record<string, readonly RawDescriptionLine[]>>;
  readonly kodeverkTextOverrides: Readonly<Record<string, unknown>>;
}

/** A code-list link of a table row in `field-definitions.json`. */
export interface RawKodeverkLink {
  readonly anchor: string;
  readonly defaultText: string;
  readonly localeText?: Readonly<Record<string, string>>;
}

/** `field-definitions.json` (the layout of Customs' table: groups of rows). */
export interface RawFieldDefinitions {
  readonly groups: readonly {
    readonly key: string;
    readonly label: string | null;
    readonly labelFrom?: string;
    readonly color: string;
    readonly headerNoteType?: string;
    readonly isMultiValue?: boolean;
    readonly rows: readonly {
      readonly key: string;
      readonly label: string | null;
      readonly valueType?: string;
      readonly template?: string;
      readonly kodeverk: readonly RawKodeverkLink[];
    }[];
  }[];
}

/** One row of `procedure-variants.csv` (column name → cell text). */
export interface RawModeRow {
  readonly mode: string;
  readonly variant: string;
  readonly importProcedure: string;
  readonly outgoingProcedure: string;
  readonly hasOutgoingProcedure: string;
  readonly previousDocuments_required: string;
  readonly exportFromEU_required: string;
  readonly typeOfExport_allowed: string;
  readonly goodsItem_VOEC_required: string;
  readonly incompleteDocumentationReasons_if_missing: string;
  readonly 'meaning (paraphrased)': string;
  readonly note: string;
}
