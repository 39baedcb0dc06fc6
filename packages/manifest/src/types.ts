/**
 * Public result types of `parseManifest`: problems, mapped records and the per-file report.
 */
import type { HouseConsignmentDraft, JsonObject, MasterConsignmentDraft, TransportDraft } from './lib/drafts.js';

/** The three Digitoll message levels (the URL segments). */
export type NotificationLevel = 'transport' | 'master-consignment' | 'house-consignment';

/** Stable codes of the problems reported for a manifest file. */
export type ManifestProblemCode =
  // file level
  | 'FILE_TOO_LARGE'
  | 'FILE_EMPTY'
  | 'ENCODING_INVALID'
  | 'ENCODING_SUSPECT'
  | 'ENCODING_UNSUPPORTED'
  | 'CSV_DELIMITER_UNDETECTED'
  | 'CSV_HEADER_MISSING_COLUMN'
  | 'CSV_HEADER_DUPLICATE_COLUMN'
  | 'CSV_COLUMNS_UNUSED'
  | 'CSV_TOO_MANY_COLUMNS'
  | 'CSV_LINE_TOO_LONG'
  | 'CSV_RAGGED_ROW'
  | 'CSV_MALFORMED_ROW'
  | 'XML_DOCTYPE_REFUSED'
  | 'XML_ENTITY_REFUSED'
  | 'XML_MALFORMED'
  | 'XML_TOO_DEEP'
  | 'XML_NO_RECORDS'
  | 'XML_PATH_UNMATCHED'
  // value level
  | 'VALUE_REQUIRED'
  | 'VALUE_NOT_A_NUMBER'
  | 'VALUE_NOT_AN_INTEGER'
  | 'VALUE_NOT_A_DATE'
  | 'VALUE_NOT_A_BOOLEAN'
  | 'VALUE_TIME_NONEXISTENT'
  | 'VALUE_TIME_AMBIGUOUS'
  | 'VALUE_FORMULA'
  | 'VALUE_UNKNOWN_CODE'
  | 'VALUE_NO_TRANSLATION'
  | 'VALUE_TOO_SHORT'
  | 'VALUE_TOO_LONG'
  | 'VALUE_PATTERN'
  | 'VALUE_REPEATED'
  | 'VALUE_DATE_ORDER'
  | 'VALUE_INVALID_CHARACTERS'
  // grouping level
  | 'GROUP_CONFLICT'
  | 'GROUP_NOT_CONTIGUOUS'
  | 'GROUP_DUPLICATE_HOUSE'
  | 'GROUP_MISSING_KEY'
  // presentation files: the same presentation twice in one file
  | 'PRESENTATION_DUPLICATE'
  // relation and arrival files: the same relation / transport arrival twice in one file
  | 'MESSAGE_DUPLICATE'
  // whole record (option validateDrafts: @tollkit/messages' synchronous checks, Customs' texts)
  | 'DRAFT_INVALID';

/**
 * One problem found in a manifest file. Every problem says where it is (file, and line or XML
 * path, and column or field), what the bad value was and what is wrong, in plain language.
 */
export interface ManifestProblem {
  /** `error`: the affected record must not be submitted; `warning`: worth a look, not blocking. */
  readonly severity: 'error' | 'warning';
  readonly code: ManifestProblemCode;
  /** File name as passed to `parseManifest`. */
  readonly file: string;
  /** 1-based physical line in the file (CSV: the line where the row starts; XML: the element's start tag). */
  readonly line?: number;
  /** XML element path, e.g. `/Manifest/Shipment[3]/Weight` (1-based index of repeated elements). */
  readonly path?: string;
  /** CSV column (header name, or `#n` without a header) or XML source path of the value. */
  readonly column?: string;
  /** Target field in the Digitoll message, dotted, e.g. `consignmentHouseLevel.totalGrossMass`. */
  readonly field?: string;
  /** The offending value as read from the file (shortened to 200 characters). */
  readonly value?: string;
  readonly message: string;
}

/** Where a mapped record came from. */
export interface RecordSource {
  readonly file: string;
  /** First and last physical line of the rows or elements that made this record. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Number of CSV rows (or XML record elements) that contributed. */
  readonly rows: number;
  /** XML path of the first contributing element (XML only). */
  readonly path?: string;
}

/** Where one field of a record was read: line (and XML path) and column of its value. */
export interface FieldSource {
  readonly line: number;
  readonly path?: string;
  readonly column?: string;
  /**
   * The field whose data this is: the field asked for, or the one it is filled in from (the
   * transport's `estimatedDateAndTimeOfArrival` is the scheduled arrival unless mapped).
   */
  readonly field: string;
}

interface RecordCommon<L extends NotificationLevel> {
  readonly level: L;
  /** Stable key of the record inside the file (Digitoll's linking key, e.g. `N730:12345`). */
  readonly key: string;
  readonly source: RecordSource;
  /** Problems of this record; when one is an error, `ok` is false. */
  readonly problems: readonly ManifestProblem[];
  /**
   * Where the value of a field (dotted, `[i]` indexes, as Customs reports it, e.g.
   * `consignmentHouseLevel.goodsItem[1].commodityCodeVOEC.harmonizedSystemSubheadingCode`) was
   * read; the record's first line when nothing maps to it. Not enumerable (absent from JSON), so
   * checks on the finished draft can report a problem where its data comes from.
   */
  readonly sourceOf: (field: string) => FieldSource;
}

/**
 * `ok: true`: the draft (request body without `documentIssueDate`) is complete as far as the
 * mapping can tell and may go to the message builders. `ok: false`: `draft` holds what could be
 * mapped (fields with errors are absent) and must not be submitted.
 */
type RecordBase<L extends NotificationLevel, D> = RecordCommon<L> &
  ({ readonly ok: true; readonly draft: D } | { readonly ok: false; readonly draft: JsonObject });

/** A mapped transport notification. */
export type TransportRecord = RecordBase<'transport', TransportDraft>;

/** A mapped master consignment notification. */
export type MasterConsignmentRecord = RecordBase<'master-consignment', MasterConsignmentDraft> & {
  /** Key of the transport this master travels on (when the file maps transports). */
  readonly transportKey?: string;
  /** Postal masters: receptacle ids of the houses on this master, in file order, without repeats. */
  readonly receptacleIds: readonly string[];
  /** Number of house consignments in the file that belong to this master. */
  readonly houseCount: number;
};

/** A mapped house consignment notification. */
export type HouseConsignmentRecord = RecordBase<'house-consignment', HouseConsignmentDraft> & {
  /** Key of the master this house belongs to (by waybill or, for postal items, by the row's master). */
  readonly masterKey?: string;
  readonly transportKey?: string;
};

/** What `parseManifest` yields: one record per notification the file produces. */
export type MappedRecord = TransportRecord | MasterConsignmentRecord | HouseConsignmentRecord;

/** Summary of one manifest file, available when all records have been read. */
export interface FileReport {
  readonly file: string;
  readonly format: 'csv' | 'xml';
  readonly profile: string;
  /** Encoding used to decode the bytes and how it was chosen. */
  readonly encoding: { readonly name: string; readonly source: 'bom' | 'declaration' | 'profile' | 'detected' | 'fallback' };
  /** CSV: the delimiter used and whether it was detected. */
  readonly delimiter?: { readonly char: string; readonly detected: boolean };
  /** Size of the input in bytes. */
  readonly bytes: number;
  /** CSV data rows or XML record elements read (header and skipped rows excluded). */
  readonly rowsRead: number;
  /** Rows that could not be mapped at all (ragged, malformed, over a limit). */
  readonly rowsRejected: number;
  /** Records produced per level, and how many of them are not `ok`. */
  readonly records: {
    readonly transport: number;
    readonly 'master-consignment': number;
    readonly 'house-consignment': number;
    readonly notOk: number;
  };
  readonly errorCount: number;
  readonly warningCount: number;
  /** Problems in file order (capped at the profile's `limits.maxProblems`; the counts are exact). */
  readonly problems: readonly ManifestProblem[];
  readonly problemsTruncated: boolean;
  /** A problem that stopped the whole file (nothing after it was read), if any. */
  readonly fatal?: ManifestProblem;
  /** true when the whole file was read and no error was found. */
  readonly ok: boolean;
  /** false when the consumer stopped iterating before the end of the file. */
  readonly complete: boolean;
}
