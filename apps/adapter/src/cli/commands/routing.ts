import { isAbsolute, resolve } from 'node:path';
import type { RoutingItem } from '@tollkit/messages';
import { COMMON_OPTIONS, connectFromConfig, parseCommandLine, type Command } from '../lib/command.js';
import { EXIT, UsageError, type CliIo } from '../lib/io.js';
import { readMarker, writeMarker } from '../lib/marker-file.js';
import { routingPass } from '../../commands/routing.js';
import { isAdapterConfigFile, loadAdapterConfig, pause } from '../lib/adapter-config.js';

const usage = `Usage: tollkit routing [--follow] [--interval <s>] [--json] [--config <file>]
       tollkit routing --feed-only [--follow] [--marker <id>] [--marker-file <path>] [--interval <s>] [--feed house-consignment|transport] [--json] [--config <file>]

With the adapter's config (channels present): one pass of the adapter's routing follower — reads the
feed from the marker kept in the adapter's store, stores each decision, writes the routing files
into the partners' outboxes and saves the marker (what "tollkit run" does in the background).
With --feed-only (implied by --marker, --marker-file or --feed, and by a stand-alone connection
config): reads the feed from a marker FILE page by page and prints each routing decision (latest
wins); the marker is saved after each page, so the next run continues where this one stopped.
  --follow           keep going after the feed is drained (Ctrl-C stops)
  --interval <s>     pause between polls when following (default 30)
  --feed-only        print the feed instead of updating the adapter's store and routing files
  --marker <id>      start after this routingResult.id instead of the stored one
  --marker-file <p>  where the marker is kept (default: routing-<feed>.marker in the current folder)
  --json             one JSON line per routing item (feed) or per pass (adapter)`;

/** `tollkit routing [--follow]`: the routing feed from a stored marker. */
export const routingCommand: Command = {
  name: 'routing',
  summary: 'follow the routing feed: update the store and partner routing files (or --feed-only: print it)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      ...COMMON_OPTIONS,
      follow: { type: 'boolean', short: 'f' },
      marker: { type: 'string' },
      'marker-file': { type: 'string' },
      interval: { type: 'string' },
      feed: { type: 'string' },
      'feed-only': { type: 'boolean' },
    });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const feedOnly = values['feed-only'] === true || [values.marker, values['marker-file'], values.feed].some((v) => v !== undefined);
    if (!feedOnly && isAdapterConfigFile(values.config, io)) {
      return adapterRouting(values.config, values.follow === true, values.interval, values.json === true, io);
    }
    const feed = values.feed ?? 'house-consignment';
    if (feed !== 'house-consignment' && feed !== 'transport') throw new UsageError(`--feed must be house-consignment or transport; got "${feed}"`);
    const intervalSeconds = values.interval === undefined ? 30 : Number(values.interval);
    if (!Number.isFinite(intervalSeconds) || intervalSeconds < 0) throw new UsageError(`--interval must be a number of seconds >= 0; got "${values.interval}"`);
    const markerFile = values['marker-file'] ?? `routing-${feed}.marker`;
    const markerPath = isAbsolute(markerFile) ? markerFile : resolve(io.cwd, markerFile);
    const start = values.marker ?? (await readMarker(markerPath));
    const { client } = await connectFromConfig(values.config, io);
    if (values.json !== true) io.err(`reading the ${feed} routing feed ${start === undefined ? 'from the beginning' : `after marker ${start}`}\n`);
    let pages = 0;
    let items = 0;
    for await (const page of client.followRouting({ marker: start, feed, follow: values.follow === true, pollIntervalMs: intervalSeconds * 1000, signal: io.signal })) {
      for (const item of page.items) printItem(io, item, values.json === true);
      if (page.marker !== undefined) await writeMarker(markerPath, page.marker);
      pages++;
      items += page.items.length;
    }
    if (values.json !== true) io.err(`${items} routing item(s) in ${pages} page(s); marker stored in ${markerPath}\n`);
    return EXIT.ok;
  },
};

function printItem(io: CliIo, item: RoutingItem, json: boolean): void {
  if (json) {
    io.out(`${JSON.stringify(item)}\n`);
    return;
  }
  const doc = item.transportDocumentHouseLevel;
  const number = doc?.referenceNumber ?? doc?.documentNumber ?? '?';
  const r = item.routingResult;
  const parts = [
    r.routing ?? '(no decision)',
    r.routingControlLocation,
    `${doc?.type ?? ''} ${number}`.trim(),
    item.entrySummaryDeclarationMRN ? `ENS ${item.entrySummaryDeclarationMRN}` : undefined,
    item.receptacleId ? `receptacle ${item.receptacleId}` : undefined,
    r.documentIssueDate ? `at ${r.documentIssueDate}` : undefined,
    `id ${r.id}`,
  ];
  io.out(`${parts.filter(Boolean).join('  ')}\n`);
}

/** The adapter's routing follower, once or until the stop signal: store marker, partner routing files. */
async function adapterRouting(configOption: string | undefined, follow: boolean, interval: string | undefined, json: boolean, io: CliIo): Promise<number> {
  const intervalSeconds = interval === undefined ? 30 : Number(interval);
  if (!Number.isFinite(intervalSeconds) || intervalSeconds < 0) throw new UsageError(`--interval must be a number of seconds >= 0; got "${interval}"`);
  const config = loadAdapterConfig(configOption, io);
  let items = 0;
  let files = 0;
  let passes = 0;
  let refusalSaid = false;
  do {
    const pass = await routingPass(config, { skipTransportFeed: refusalSaid });
    passes++;
    items += pass.items;
    files += pass.filesWritten;
    if (json) io.out(`${JSON.stringify({ at: new Date().toISOString(), ...pass })}\n`);
    else if (pass.items > 0 || pass.filesWritten > 0 || !follow) {
      io.out(`${pass.items} routing item(s) stored, ${pass.filesWritten} routing file(s) written; marker ${pass.marker ?? '(none yet)'}\n`);
      if (pass.transport !== undefined && 'items' in pass.transport) io.out(`transport feed: ${pass.transport.items} routing item(s) stored; marker ${pass.transport.marker ?? '(none yet)'}\n`);
    }
    // Said once and not asked again while following; the house feed goes on.
    if (pass.transport !== undefined && 'refused' in pass.transport && !refusalSaid) {
      io.err(`${pass.transport.refused}; ask Customs for the service or set digitoll.transportRouting: false\n`);
      refusalSaid = true;
    }
    if (follow) await pause(intervalSeconds * 1000, io.signal);
  } while (follow && !io.signal.aborted);
  if (follow && !json) io.err(`${items} routing item(s), ${files} file(s) in ${passes} pass(es)\n`);
  return EXIT.ok;
}
