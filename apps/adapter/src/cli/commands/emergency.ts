import { resolve } from 'node:path';
import type { TransportMode } from '@tollkit/codesets';
import { convertManifest } from '../../commands/convert.js';
import { DEFAULT_EMERGENCY_CONTACTS } from '../../emergency/emergency-pack.js';
import { packsFromNotifications, writeEmergencyPack } from '../../emergency/make-emergency-packs.js';
import { openStore } from '../../commands/lib/runtime.js';
import type { EmergencyPack } from '../../emergency/emergency-pack.js';
import { storedEmergencyPack } from '../../pipeline/queue-emergency-packs.js';
import type { NotificationRecord } from '../../store/job-store.js';
import { loadAdapterConfig } from '../lib/adapter-config.js';
import { COMMON_OPTIONS, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError, type CliIo } from '../lib/io.js';
import { MANIFEST_OPTIONS, MANIFEST_OPTIONS_USAGE, manifestOptions } from '../lib/manifest-options.js';

const usage = `Usage: tollkit emergency --profile <profile> <file> [--out <dir>] [--to <address>] [--from <address>]
       tollkit emergency <transport id|MRN> [--config <file>] [--out <dir>] [--to <address>] [--from <address>]

Customs' emergency routine (api/mo/nodrutiner-digitoll-EN.html) for a manifest whose notifications cannot be
submitted: per transport, road and ferry get a printable PDF (and a plain-text twin) to show at the customs
clearance desk; air, rail and sea get a ready-to-send .eml to ${DEFAULT_EMERGENCY_CONTACTS.email} with the subject
"Emergency Procedure - <mode>". Per consignment: the declaration id, consignment number or transit MRN, and the
export MRN for goods exported from the EU. Sends nothing, stores nothing; with a file, needs no config.
Without --profile, the argument is a transport id (the means of transport, without @<arrival>) or a transport MRN
that the adapter's store knows (adapter config): the pack of its latest stored version, with its MRN; --to defaults
to the config's emergency.contacts.email.
  --out <dir>          where the pack files go (default: the current folder)
  --to <address>       Customs' address for the e-mail routine (default ${DEFAULT_EMERGENCY_CONTACTS.email})
  --from <address>     From header of the .eml
${MANIFEST_OPTIONS_USAGE}
Prints the files written as JSON. Exit code 0, 1 when the file cannot be read or holds no transport.`;

/** `tollkit emergency --profile <p> <file>`. */
export const emergencyCommand: Command = {
  name: 'emergency',
  summary: 'write Customs\' emergency pack (PDF for road, .eml for air/rail/sea) for a manifest',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(argv, {
      ...COMMON_OPTIONS,
      ...MANIFEST_OPTIONS,
      out: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
    });
    if (values.help === true) {
      io.out(`${usage}\n`);
      return EXIT.ok;
    }
    if (values.profile === undefined && positionals.length === 1) return fromStore(positionals[0] as string, values, io);
    const options = manifestOptions(io, values, positionals);
    const result = await convertManifest(options);
    if (result.fatal !== undefined) {
      io.err(`FILE CANNOT BE READ: ${result.fatal}\n`);
      return EXIT.rejected;
    }
    const to = addressOption(values.to, DEFAULT_EMERGENCY_CONTACTS.email);
    const packs = packsFromNotifications(result.mode as TransportMode, result.notifications, Date.now(), { email: to });
    if (packs.length === 0) {
      io.err('the manifest holds no transport: nothing to report\n');
      return EXIT.rejected;
    }
    return writePacks(packs, values, io);
  },
};

function addressOption(value: unknown, fallback: string): string {
  const to = typeof value === 'string' ? value : fallback;
  if (!/^[^@\s]+@[^@\s]+$/.test(to)) throw new UsageError(`--to must be an e-mail address, got ${to}`);
  return to;
}

async function writePacks(packs: readonly EmergencyPack[], values: { out?: unknown; from?: unknown }, io: CliIo): Promise<number> {
  const dir = resolve(typeof values.out === 'string' ? values.out : '.');
  const written = [];
  for (const pack of packs) {
    const files = await writeEmergencyPack(dir, pack, typeof values.from === 'string' ? { from: values.from } : {});
    written.push({ channel: pack.channel, meansOfTransport: pack.meansOfTransport.identificationNumber, transportMrn: pack.transportMrn ?? null, consignments: pack.consignments.length, missingReferences: pack.missingReferences, files: files.map((f) => resolve(dir, f.name)) });
  }
  printJson(io, written);
  return EXIT.ok;
}

/** `tollkit emergency <transport id|MRN>`: the pack of the latest stored version of a transport the store knows. */
async function fromStore(key: string, values: { config?: unknown; to?: unknown; out?: unknown; from?: unknown }, io: CliIo): Promise<number> {
  const config = loadAdapterConfig(typeof values.config === 'string' ? values.config : undefined, io);
  const to = addressOption(values.to, config.emergency.contacts.email);
  const store = await openStore(config);
  try {
    // Plates are stored without spaces ("EX 10001" → "EX10001").
    const ids = [...new Set([key, key.replace(/\s+/g, '')])];
    const byId = (await Promise.all(ids.map((transportId) => store.findNotifications({ transportId })))).flat();
    const rows = [...byId, ...(await store.findNotifications({ mrn: key }))].filter((n) => n.level === 'transport' && n.operation !== 'delete');
    if (rows.length === 0) {
      io.err(`unknown: the store holds no transport with the id or MRN ${key}\n`);
      return EXIT.rejected;
    }
    // The latest version of each transport (a transport id may have several arrivals).
    const latest = new Map<string, NotificationRecord>();
    for (const r of rows) {
      const seen = latest.get(r.documentNumber);
      if (seen === undefined || r.createdAt > seen.createdAt) latest.set(r.documentNumber, r);
    }
    const packs: EmergencyPack[] = [];
    for (const r of latest.values()) {
      const pack = await storedEmergencyPack(store, r, Date.now(), to);
      if (pack !== undefined) packs.push(pack);
    }
    return writePacks(packs, values, io);
  } finally {
    await store.close();
  }
}
