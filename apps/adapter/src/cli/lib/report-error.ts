import { ConfigProblem } from './connection.js';
import { EXIT, InputFileMissingError, UsageError, type CliIo } from './io.js';

/** An error as `--json` prints it. */
export interface JsonError {
  readonly code: string;
  readonly category: string;
  readonly message: string;
  readonly exitCode: number;
  /** Config problems (path, message, line) or Customs' field errors, when there are any. */
  readonly details?: readonly unknown[];
}

function classify(error: unknown): JsonError {
  if (error instanceof UsageError) return { code: 'USAGE', category: 'usage', message: error.message, exitCode: EXIT.usage };
  if (error instanceof InputFileMissingError) return { code: 'INPUT_FILE_MISSING', category: 'usage', message: error.message, exitCode: EXIT.usage };
  if (error instanceof ConfigProblem) return { code: 'CONFIG_INVALID', category: 'config', message: error.message, exitCode: EXIT.config };
  const coded = error as { code?: unknown; category?: unknown; issues?: unknown; validationErrors?: unknown };
  if (error instanceof Error && typeof coded.code === 'string' && typeof coded.category === 'string') {
    const exitCode =
      coded.category === 'bad-data' ? EXIT.rejected : coded.category === 'config' ? EXIT.config : coded.category === 'transient' ? EXIT.transient : EXIT.bug;
    const details = Array.isArray(coded.issues) ? coded.issues : Array.isArray(coded.validationErrors) ? coded.validationErrors : undefined;
    return { code: coded.code, category: coded.category, message: error.message, exitCode, ...(details === undefined ? {} : { details }) };
  }
  // A file named on the command line that is not there (2, a wrong command line) or cannot be read (1).
  const errno = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof errno.code === 'string' && typeof errno.path === 'string') {
    if (errno.code === 'ENOENT') return { code: 'INPUT_FILE_MISSING', category: 'usage', message: `${errno.path} does not exist`, exitCode: EXIT.usage };
    return { code: 'INPUT_FILE_UNREADABLE', category: 'bad-data', message: `${errno.path} cannot be read (${errno.code})`, exitCode: EXIT.rejected };
  }
  if (error instanceof TypeError) return { code: 'USAGE', category: 'usage', message: error.message, exitCode: EXIT.usage };
  return { code: 'BUG', category: 'bug', message: `unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: EXIT.bug };
}

/**
 * Prints an error plainly (code first, never a stack for expected failures) — or, with `json`, as
 * one `{ "error": … }` document on stdout — and returns the exit code.
 */
export function reportError(error: unknown, io: CliIo, options: { usage?: string | undefined; json?: boolean } = {}): number {
  const e = classify(error);
  if (options.json === true) {
    io.out(`${JSON.stringify({ error: e }, null, 2)}\n`);
    return e.exitCode;
  }
  if (e.code === 'USAGE' || e.code === 'INPUT_FILE_MISSING' || e.category === 'usage' || error instanceof ConfigProblem) io.err(`error: ${e.message}\n`);
  else if (e.code === 'BUG') io.err(`error: ${e.message}\n`);
  else io.err(`error: ${e.code}: ${e.message}\n`);
  if (error instanceof UsageError && options.usage !== undefined) io.err(`\n${options.usage}\n`);
  const list = (error as { validationErrors?: unknown }).validationErrors;
  if (Array.isArray(list)) for (const v of list as { field?: string; error?: string }[]) io.err(`  ${v.field ?? '?'}: ${v.error ?? ''}\n`);
  return e.exitCode;
}
