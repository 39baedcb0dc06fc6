import { ConfigProblem } from './connection.js';
import { EXIT, UsageError, type CliIo } from './io.js';

/** Prints an error plainly (code first, never a stack for expected failures) and returns the exit code. */
export function reportError(error: unknown, io: CliIo, usage?: string): number {
  if (error instanceof UsageError) {
    io.err(`error: ${error.message}\n`);
    if (usage !== undefined) io.err(`\n${usage}\n`);
    return EXIT.usage;
  }
  if (error instanceof ConfigProblem) {
    io.err(`error: ${error.message}\n`);
    return EXIT.config;
  }
  const coded = error as { code?: unknown; category?: unknown; message?: unknown };
  if (error instanceof Error && typeof coded.code === 'string' && typeof coded.category === 'string') {
    io.err(`error: ${coded.code}: ${error.message}\n`);
    for (const line of details(error)) io.err(`  ${line}\n`);
    switch (coded.category) {
      case 'bad-data':
        return EXIT.rejected;
      case 'config':
        return EXIT.config;
      case 'transient':
        return EXIT.transient;
      default:
        return EXIT.bug;
    }
  }
  if (error instanceof TypeError) {
    io.err(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  io.err(`error: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.bug;
}

function details(error: Error): string[] {
  const list = (error as { validationErrors?: unknown }).validationErrors;
  if (!Array.isArray(list)) return [];
  return list.map((e: { field?: string; error?: string }) => `${e.field ?? '?'}: ${e.error ?? ''}`);
}
