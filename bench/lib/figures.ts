/**
 * Figures and invariants: every script prints its results as `name: value unit` lines on stdout
 * and exits non-zero when an invariant (lost files, duplicates, crashes …) does not hold.
 */

const failures: string[] = [];

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 3;
  return value.toFixed(digits);
}

/**
 * Prints one figure as `name: value unit`.
 *
 * @example printFigure('e2e.adapter.houses_per_s', 1234.5, 'houses/s')  // e2e.adapter.houses_per_s: 1234.5 houses/s
 */
export function printFigure(name: string, value: number | string, unit: string): void {
  const text = typeof value === 'number' ? formatValue(value) : value;
  process.stdout.write(`${name}: ${text}${unit === '' ? '' : ` ${unit}`}\n`);
}

/** Prints a figure that must be zero and records a failure when it is not. */
export function printMustBeZero(name: string, value: number, unit: string): void {
  printFigure(name, value, unit);
  if (value !== 0) failures.push(`${name} is ${value}, must be 0`);
}

/**
 * Prints whether a figure meets its target (issue #18's targets): `target.<name>: met (…)` or
 * `target.<name>: not met (…)`. A target is not an invariant: a missed one does not fail the run
 * (the figures depend on the machine and its load).
 *
 * @example printTarget('e2e.ratio_adapter_to_floor', 0.52, '>=', 0.7, 'x')  // target.e2e.ratio_adapter_to_floor: not met (0.520 x, target >= 0.7)
 */
export function printTarget(name: string, value: number, op: '<=' | '>=', limit: number, unit: string): boolean {
  const met = op === '<=' ? value <= limit : value >= limit;
  process.stdout.write(`target.${name}: ${met ? 'met' : 'not met'} (${formatValue(value)}${unit === '' ? '' : ` ${unit}`}, target ${op} ${limit})\n`);
  return met;
}

/** Records a failed invariant (printed on stderr by {@link finish}). */
export function failInvariant(message: string): void {
  failures.push(message);
}

/** The invariants that failed so far. */
export function invariantFailures(): readonly string[] {
  return failures;
}

/** Prints a note for humans on stderr (keeps stdout to figures only). */
export function note(message: string): void {
  process.stderr.write(`# ${message}\n`);
}

/**
 * Ends the script: prints every failed invariant on stderr and sets the exit code (1 when one
 * failed). Returns the exit code.
 */
export function finish(): number {
  for (const f of failures) process.stderr.write(`INVARIANT FAILED: ${f}\n`);
  const code = failures.length === 0 ? 0 : 1;
  process.exitCode = code;
  return code;
}

/** Milliseconds since `start` (a `performance.now()` value). */
export function elapsedMs(start: number): number {
  return performance.now() - start;
}
