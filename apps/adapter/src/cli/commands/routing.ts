import { isAbsolute, resolve } from 'node:path';
import type { RoutingItem } from '@tollkit/messages';
import { COMMON_OPTIONS, connectFromConfig, parseCommandLine, type Command } from '../lib/command.js';
import { EXIT, UsageError, type CliIo } from '../lib/io.js';
import { readMarker, writeMarker } from '../lib/marker-file.js';

const usage = `Usage: tollkit routing [--follow] [--marker <id>] [--marker-file <path>] [--interval <s>] [--feed house-consignment|transport] [--json] [--config <file>]

Reads the routing feed from the stored marker page by page and prints each routing decision
(latest wins). The marker is saved after each page, so the next run continues where this one stopped.
  --follow           keep polling after the feed is drained (Ctrl-C stops)
  --marker <id>      start after this routingResult.id instead of the stored one
  --marker-file <p>  where the marker is kept (default: routing-<feed>.marker in the current folder)
  --interval <s>     pause between polls when following (default 30)
  --json             one JSON routing item per line`;

/** `tollkit routing [--follow]`: the routing feed from a stored marker. */
export const routingCommand: Command = {
  name: 'routing',
  summary: 'read the routing feed from the stored marker (optionally keep following)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      ...COMMON_OPTIONS,
      follow: { type: 'boolean', short: 'f' },
      marker: { type: 'string' },
      'marker-file': { type: 'string' },
      interval: { type: 'string' },
      feed: { type: 'string' },
    });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
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
