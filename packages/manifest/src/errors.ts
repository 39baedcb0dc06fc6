/**
 * Errors thrown by `@tollkit/manifest`.
 *
 * Problems inside a manifest file (a bad row, a refused DOCTYPE, a wrong encoding) are never
 * thrown: they are reported as {@link ManifestProblem}s in the file report. Only a broken
 * mapping profile is thrown, because nothing can be mapped without one. Match on `code`, not
 * `instanceof`.
 */

/** Stable codes of the errors this package throws. */
export type ManifestErrorCode = 'MANIFEST_PROFILE_INVALID' | 'MANIFEST_PROFILE_UNREADABLE' | 'MANIFEST_PARAM_UNKNOWN';

/** What the caller should do about an error. */
export type ErrorCategory = 'bad-data' | 'transient' | 'bug' | 'config';

/** Base class of every error thrown by this package. */
export class ManifestError extends Error {
  readonly code: ManifestErrorCode;
  readonly category: ErrorCategory;

  constructor(code: ManifestErrorCode, category: ErrorCategory, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.category = category;
  }
}

/** One issue found in a mapping profile: where (`path`, dotted) and what is wrong. */
export interface ProfileIssue {
  readonly path: string;
  readonly message: string;
}

/** The mapping profile does not match the profile schema (or refers to unknown tables/code lists). */
export class ProfileInvalidError extends ManifestError {
  readonly issues: readonly ProfileIssue[];

  constructor(issues: readonly ProfileIssue[], profileName?: string) {
    const head = profileName === undefined ? 'Mapping profile is invalid' : `Mapping profile "${profileName}" is invalid`;
    const lines = issues.slice(0, 20).map((i) => `  - ${i.path === '' ? '(root)' : i.path}: ${i.message}`);
    const more = issues.length > 20 ? [`  … and ${issues.length - 20} more`] : [];
    super('MANIFEST_PROFILE_INVALID', 'config', [`${head}:`, ...lines, ...more].join('\n'));
    this.issues = issues;
  }
}

/** The profile text is not parseable JSON or YAML. */
export class ProfileUnreadableError extends ManifestError {
  constructor(format: 'json' | 'yaml', detail: string, options?: ErrorOptions) {
    super('MANIFEST_PROFILE_UNREADABLE', 'config', `Mapping profile is not valid ${format.toUpperCase()}: ${detail}`, options);
  }
}

/** A parameter was given that no field of the profile takes (a typo, or the wrong profile). */
export class ParamUnknownError extends ManifestError {
  readonly unknown: readonly string[];

  constructor(unknown: readonly string[], known: readonly string[], profileName: string) {
    const list = unknown.map((u) => JSON.stringify(u)).join(', ');
    const takes = known.length === 0 ? 'takes no parameters' : `takes: ${known.map((k) => JSON.stringify(k)).join(', ')}`;
    super('MANIFEST_PARAM_UNKNOWN', 'config', `mapping profile "${profileName}" has no parameter ${list}; it ${takes}`);
    this.unknown = unknown;
  }
}
