/** Collects the problems of one file: keeps the first `max` in file order, counts all. */
import type { ManifestProblem, ManifestProblemCode } from '../types.js';

/** Where a problem is: the parts of a {@link ManifestProblem} besides code, severity and message. */
export interface ProblemPlace {
  readonly line?: number | undefined;
  readonly path?: string | undefined;
  readonly column?: string | undefined;
  readonly field?: string | undefined;
  readonly value?: string | undefined;
}

const MAX_VALUE = 200;

/** Builds a problem, dropping empty location parts and shortening long values. */
export function makeProblem(
  file: string,
  severity: 'error' | 'warning',
  code: ManifestProblemCode,
  place: ProblemPlace,
  message: string,
): ManifestProblem {
  const p: { -readonly [K in keyof ManifestProblem]: ManifestProblem[K] } = { severity, code, file, message };
  if (place.line !== undefined) p.line = place.line;
  if (place.path !== undefined) p.path = place.path;
  if (place.column !== undefined) p.column = place.column;
  if (place.field !== undefined) p.field = place.field;
  if (place.value !== undefined) {
    p.value = place.value.length > MAX_VALUE ? `${place.value.slice(0, MAX_VALUE)}… (${place.value.length} characters)` : place.value;
  }
  return p;
}

/** Quotes a value for a message, shortened. */
export function quote(value: string): string {
  const v = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(v);
}

export class ProblemLog {
  readonly problems: ManifestProblem[] = [];
  errorCount = 0;
  warningCount = 0;
  truncated = false;
  fatal: ManifestProblem | undefined;

  constructor(
    readonly file: string,
    private readonly max: number,
  ) {}

  add(p: ManifestProblem): void {
    if (p.severity === 'error') this.errorCount++;
    else this.warningCount++;
    if (this.problems.length < this.max) this.problems.push(p);
    else this.truncated = true;
  }

  /** Records a problem that stops the file. */
  addFatal(code: ManifestProblemCode, place: ProblemPlace, message: string): ManifestProblem {
    const p = makeProblem(this.file, 'error', code, place, message);
    this.add(p);
    this.fatal ??= p;
    return p;
  }

  make(severity: 'error' | 'warning', code: ManifestProblemCode, place: ProblemPlace, message: string): ManifestProblem {
    return makeProblem(this.file, severity, code, place, message);
  }
}
