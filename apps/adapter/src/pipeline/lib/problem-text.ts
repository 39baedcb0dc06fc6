import type { NotificationError } from '../../store/job-store.js';
import type { ManifestProblemLike } from './manifest-types.js';

/** One problem as a result-file error: `{ field, error }` with the file line and the bad value in the text. */
export function problemToError(problem: ManifestProblemLike): NotificationError {
  const where = problem.line !== undefined ? `line ${problem.line}` : problem.path !== undefined ? problem.path : undefined;
  const column = problem.column !== undefined ? `column ${problem.column}` : undefined;
  const value = problem.value !== undefined ? `value ${JSON.stringify(problem.value)}` : undefined;
  const context = [where, column, value].filter((p) => p !== undefined).join(', ');
  const field = problem.field ?? problem.column ?? '';
  // Messages may already start with the field; do not say it twice.
  const text = field !== '' && problem.message.startsWith(`${field}: `) ? problem.message.slice(field.length + 2) : problem.message;
  return { field, error: `${text}${context === '' ? '' : ` (${context})`} [${problem.code}]` };
}

/** Text of any notification error, for logs and reports. */
export function errorText(error: NotificationError): string {
  if ('field' in error) return error.field === '' ? error.error : `${error.field}: ${error.error}`;
  const path = error.pointer?.messageElementPath ?? '';
  return path === '' ? error.description : `${path}: ${error.description}`;
}
