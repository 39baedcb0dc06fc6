/**
 * abuse/inputs — at least 1,000 generated malformed or hostile manifests (fuzzed CSV and XML,
 * entity bombs, wrong encodings, path-traversal file names, huge lines) through
 *   1. the manifest parser (`@tollkit/manifest`, with the example partners' profiles), and
 *   2. the adapter's folder intake (`tollkit run`, local channel), unless `--parser-only`.
 * Prints inputs tried, crashes (must be 0) and files left without a result (must be 0).
 *
 *   pnpm exec tsx bench/abuse/inputs.ts [--quick] [--n 1000] [--seed 1] [--parser-only]
 */
import { parseManifest, type FileReport } from '@tollkit/manifest';
import { readArgs } from '../lib/args.js';
import { failInvariant, finish, note, printFigure, printMustBeZero } from '../lib/figures.js';
import { generateHostileInputs, type HostileInput } from '../lib/hostile-inputs.js';
import { loadExampleProfiles } from '../lib/example-profiles.js';
import { ownPeakRssMiB } from '../lib/resources.js';
import { runHostileThroughAdapter } from '../lib/abuse-adapter.js';

const argv = process.argv.slice(2);
const parserOnly = argv.includes('--parser-only');
const args = readArgs(['n', 'seed', 'adapter-n', 'timeout-s'], argv.filter((a) => a !== '--parser-only'));
const n = args.ints['n'] ?? 1_000;
const seed = args.ints['seed'] ?? 1;
const adapterN = args.ints['adapter-n'] ?? n;
const timeoutMs = (args.ints['timeout-s'] ?? (args.quick ? 150 : 1800)) * 1000;
const PER_INPUT_TIMEOUT_MS = 30_000;

const uncaught: string[] = [];
process.on('uncaughtException', (e) => uncaught.push(`uncaughtException: ${e.stack ?? String(e)}`));
process.on('unhandledRejection', (e) => uncaught.push(`unhandledRejection: ${(e as Error)?.stack ?? String(e)}`));

async function parseOne(input: HostileInput, profiles: Awaited<ReturnType<typeof loadExampleProfiles>>): Promise<FileReport> {
  const parsed = parseManifest({ bytes: input.bytes, fileName: input.fileName }, profiles[input.format]);
  for await (const _record of parsed.records) {
    // read to the end, as the adapter does
  }
  return parsed.report;
}

try {
  const profiles = await loadExampleProfiles();
  let tried = 0;
  let bytes = 0;

  // 1. The parser.
  let crashes = 0;
  let withoutResult = 0;
  let rejected = 0;
  let silentRejections = 0;
  let slowest = { ms: 0, id: '' };
  let peakJump = { mib: 0, id: '' };
  let peakBefore = ownPeakRssMiB();
  const crashExamples: string[] = [];
  const start = performance.now();
  for await (const input of generateHostileInputs(n, seed)) {
    tried++;
    bytes += input.bytes.byteLength;
    const t0 = performance.now();
    try {
      let timer: NodeJS.Timeout | undefined;
      const report = await Promise.race([
        parseOne(input, profiles),
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), PER_INPUT_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      if (report === undefined) withoutResult++;
      else if (!report.ok) {
        rejected++;
        // A rejected file must say why: at least one error problem (or a fatal one) with a message.
        const said = report.fatal !== undefined || report.problems.some((p) => p.severity === 'error' && p.message.trim() !== '');
        if (!said) silentRejections++;
      }
    } catch (error) {
      crashes++;
      if (crashExamples.length < 5) crashExamples.push(`${input.id}: ${(error as Error).stack ?? String(error)}`);
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, id: input.id };
    const peak = ownPeakRssMiB();
    if (peak - peakBefore > peakJump.mib) peakJump = { mib: peak - peakBefore, id: input.id };
    peakBefore = peak;
  }
  crashes += uncaught.length;
  printFigure('abuse.inputs_tried', tried, 'inputs');
  printFigure('abuse.input_bytes', bytes / 2 ** 20, 'MiB');
  if (tried < 1_000 && !args.quick) failInvariant(`only ${tried} inputs tried; the run needs at least 1,000`);
  printFigure('abuse.parser.time', (performance.now() - start) / 1000, 's');
  printFigure('abuse.parser.rejected_with_problems', rejected, 'inputs');
  printFigure('abuse.parser.slowest_input', slowest.ms, 'ms');
  printFigure('abuse.parser.peak_rss', ownPeakRssMiB(), 'MiB');
  printMustBeZero('abuse.parser.crashes', crashes, 'inputs');
  printMustBeZero('abuse.parser.files_without_result', withoutResult, 'inputs');
  printMustBeZero('abuse.parser.rejections_without_a_problem', silentRejections, 'inputs');
  for (const c of [...crashExamples, ...uncaught.slice(0, 3)]) note(`crash: ${c.slice(0, 1500)}`);
  note(`slowest parser input: ${slowest.id}; largest peak-RSS step: ${peakJump.id} (+${peakJump.mib.toFixed(0)} MiB)`);

  // 2. The adapter's folder intake.
  if (!parserOnly) {
    const run = await runHostileThroughAdapter(generateHostileInputs(adapterN, seed), { timeoutMs });
    printFigure('abuse.adapter.inputs_dropped', run.dropped, 'inputs');
    printFigure('abuse.adapter.time', run.ms / 1000, 's');
    printFigure('abuse.adapter.results', run.tally.exactlyOne, 'files');
    printFigure('abuse.adapter.peak_rss', run.peakRssMiB, 'MiB');
    printMustBeZero('abuse.adapter.crashes', run.crashes, 'exits');
    printMustBeZero('abuse.adapter.files_without_result', run.tally.missing, 'files');
    printMustBeZero('abuse.adapter.files_with_several_results', run.tally.extra, 'files');
    printMustBeZero('abuse.adapter.files_outside_channel', run.escaped, 'files');
    printFigure('abuse.adapter.refused_names_answered', run.refusedAnswered, 'files');
    printMustBeZero('abuse.adapter.files_left_in_inbox', run.leftInInbox.length, 'files');
    if (run.leftInInbox.length > 0) note(`left in the inbox: ${run.leftInInbox.slice(0, 10).map((x) => JSON.stringify(x)).join(', ')}`);
  }
} catch (error) {
  failInvariant(`abuse/inputs crashed: ${(error as Error).stack ?? String(error)}`);
}
finish();
