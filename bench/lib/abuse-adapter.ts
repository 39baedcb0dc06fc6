/**
 * Hostile inputs through the adapter's folder intake: one local channel per format (CSV → the
 * road example profile, XML → the air example profile), every input dropped under a name that can
 * exist on disk but keeps its hostile part, then every file must end with exactly one result
 * (a result file or an error report in the outbox) and leave the inbox — a file whose name the
 * intake refuses included (its report quotes the original name).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { countResults, dropFile, localChannelConfig, makeChannelDirs, startAdapter, tally, writeAdapterConfig, type AdapterProcess, type ResultTally } from './adapter.js';
import { startAdapterReady } from './adapter-run.js';
import { exampleProfilePaths } from './example-profiles.js';
import { note } from './figures.js';
import { onDiskName, type HostileInput } from './hostile-inputs.js';
import { startBenchPlayground } from './playground.js';
import { ChildRssSampler } from './resources.js';
import { tempDir } from './temp-dir.js';

/** Outcome of {@link runHostileThroughAdapter}. */
export interface HostileAdapterRun {
  readonly dropped: number;
  readonly ms: number;
  /** Over the files the adapter took from the inbox. */
  readonly tally: ResultTally;
  /** Files still in the inbox at the end (must be none: refused names are answered and moved too). */
  readonly leftInInbox: readonly string[];
  /** Files answered with an `INTAKE_UNSAFE_NAME` report (refused names). */
  readonly refusedAnswered: number;
  /** Times the adapter process died during the run. */
  readonly crashes: number;
  /** Entries that appeared outside the channel, data and config folders (path escapes). */
  readonly escaped: number;
  readonly peakRssMiB: number;
}

export async function runHostileThroughAdapter(inputs: AsyncIterable<HostileInput>, options: { timeoutMs: number }): Promise<HostileAdapterRun> {
  const { pg } = await startBenchPlayground();
  const work = await tempDir('abuse');
  const profiles = exampleProfilePaths();
  let adapter: AdapterProcess | undefined;
  let rss: ChildRssSampler | undefined;
  try {
    const csv = await makeChannelDirs(join(work.dir, 'csv'));
    const xml = await makeChannelDirs(join(work.dir, 'xml'));
    const configPath = await writeAdapterConfig({
      dir: join(work.dir, 'adapter'),
      pg,
      channels: [localChannelConfig('abuse-csv', csv.root, profiles.csv, { include: ['*'] }), localChannelConfig('abuse-xml', xml.root, profiles.xml, { include: ['*'] })],
    });
    const dataDir = join(work.dir, 'adapter', 'data');
    adapter = await startAdapterReady(configPath, dataDir);
    rss = new ChildRssSampler(adapter.pid);
    const names = { csv: [] as string[], xml: [] as string[] };
    const start = performance.now();
    let dropped = 0;
    for await (const input of inputs) {
      dropped++;
      const name = onDiskName(input.fileName, input.id);
      names[input.format].push(name);
      await dropFile((input.format === 'csv' ? csv : xml).inbox, name, input.bytes);
    }
    let crashes = 0;
    const deadline = Date.now() + options.timeoutMs;
    let lastNote = Date.now();
    let final: { csv: Map<string, number>; xml: Map<string, number> };
    let inboxLeft: string[] = [];
    const refused = new Set<string>();
    const leftInInboxes = async () => {
      const inCsv = new Set((await readdir(csv.inbox)).filter((n) => !n.startsWith('.')));
      const inXml = new Set((await readdir(xml.inbox)).filter((n) => !n.startsWith('.')));
      return [...names.csv.filter((n) => inCsv.has(n)), ...names.xml.filter((n) => inXml.has(n))];
    };
    for (;;) {
      final = { csv: await countResults(csv.outbox, names.csv, refused), xml: await countResults(xml.outbox, names.xml, refused) };
      inboxLeft = await leftInInboxes();
      const open = [...final.csv, ...final.xml].filter(([, c]) => c === 0).length;
      // Done when every file has a result and has left the inbox.
      if (open === 0 && inboxLeft.length === 0) break;
      if (Date.now() > deadline) {
        note(`abuse: timed out with ${open} files without a result, ${inboxLeft.length} in the inboxes; adapter output:\n${adapter.tail()}`);
        break;
      }
      if (await Promise.race([adapter.exited.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 200))])) {
        crashes++;
        note(`abuse: the adapter died (${JSON.stringify(await adapter.exited)}); restarting. Output:\n${adapter.tail()}`);
        rss.stop();
        adapter = startAdapter(configPath);
        rss = new ChildRssSampler(adapter.pid);
      }
      if (Date.now() - lastNote > 30_000) {
        lastNote = Date.now();
        note(`abuse: ${open} files still without a result, ${inboxLeft.length} in the inboxes`);
      }
    }
    const ms = performance.now() - start;
    await new Promise((r) => setTimeout(r, 500));
    final = { csv: await countResults(csv.outbox, names.csv, refused), xml: await countResults(xml.outbox, names.xml, refused) };
    inboxLeft = await leftInInboxes();
    const claimed = new Map([...final.csv, ...final.xml]);
    const expected = new Set(['csv', 'xml', 'adapter']);
    const escaped = (await readdir(work.dir)).filter((e) => !expected.has(e)).length;
    const missing = [...claimed].filter(([, c]) => c === 0).map(([n]) => n);
    if (missing.length > 0) {
      const where = async (dirs: typeof csv, n: string) => {
        for (const folder of ['processing', 'archive', 'failed'] as const) if ((await readdir(dirs[folder])).some((e) => e.endsWith(`-${n}`))) return folder;
        return 'nowhere';
      };
      for (const n of missing.slice(0, 10)) note(`claimed but no result: ${JSON.stringify(n)} (in ${await where(n.endsWith('.xml') ? xml : csv, n)}/)`);
    }
    return { dropped, ms, tally: tally(claimed), leftInInbox: inboxLeft, refusedAnswered: refused.size, crashes, escaped, peakRssMiB: rss.peakMiB };
  } finally {
    rss?.stop();
    await adapter?.stop();
    await pg.close();
    await work.cleanup();
  }
}
