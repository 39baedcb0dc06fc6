/**
 * The parts of `@tollkit/manifest`'s output the pipeline reads (structural, so the pipeline
 * compiles against the contract, not against one version of the parser's internals).
 */
import type { NotificationLevel } from '../../store/job-store.js';

export interface ManifestProblemLike {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly file?: string;
  readonly line?: number | undefined;
  readonly path?: string | undefined;
  readonly column?: string | undefined;
  readonly field?: string | undefined;
  readonly value?: string | undefined;
  readonly message: string;
}

export interface MappedRecordLike {
  readonly level: NotificationLevel;
  readonly key: string;
  readonly source: { readonly firstLine: number; readonly lastLine: number; readonly path?: string | undefined };
  readonly problems: readonly ManifestProblemLike[];
  readonly ok: boolean;
  readonly draft: unknown;
  readonly receptacleIds?: readonly string[] | undefined;
  /** Where a field's value was read (line, XML path, column); see `@tollkit/manifest` `MappedRecord.sourceOf`. */
  readonly sourceOf?: ((field: string) => { readonly line: number; readonly path?: string | undefined; readonly column?: string | undefined; readonly field: string }) | undefined;
}

export interface FileReportLike {
  readonly ok: boolean;
  readonly rowsRead: number;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly problems: readonly ManifestProblemLike[];
  readonly fatal?: ManifestProblemLike | undefined;
}

/** A parsed manifest: every record and the file report. */
export interface ParsedManifest {
  readonly mode: 'road' | 'air' | 'rail' | 'maritime';
  readonly records: readonly MappedRecordLike[];
  readonly report: FileReportLike;
}

/** A manifest being read: records as they are mapped, the file report once they are all read. */
export interface StreamedManifest {
  readonly mode: 'road' | 'air' | 'rail' | 'maritime';
  readonly records: AsyncIterable<MappedRecordLike>;
  /** Settles once `records` has been read to the end. */
  readonly report: Promise<FileReportLike>;
}
