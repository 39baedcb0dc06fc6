import { resolve } from 'node:path';
import type { TransportMode } from '@tollkit/codesets';
import { convertManifest } from '../../commands/convert.js';
import { DEFAULT_EMERGENCY_CONTACTS } from '../../emergency/emergency-pack.js';
import { packsFromNotifications, writeEmergencyPack } from '../../emergency/make-emergency-packs.js';
import { COMMON_OPTIONS, parseCommandLine, printJson, type Command } from '../lib/command.js';
import { EXIT, UsageError } from '../lib/io.js';
import { MANIFEST_OPTIONS, MANIFEST_OPTIONS_USAGE, manifestOptions } from '../lib/manifest-options.js';

const usage = `Usage: tollkit emergency --profile <profile> <file> [--out <dir>] [--to <address>] [--from <address>]

Customs' emergency routine (api/mo/nodrutiner-digitoll-EN.html) for a manifest whose notifications cannot be
submitted: per transport, road and ferry get a printable PDF (and a plain-text twin) to show at the customs
clearance desk; air, rail and sea get a ready-to-send .eml to ${DEFAULT_EMERGENCY_CONTACTS.email} with the subject
"Emergency Procedure - <mode>". Per consignment: the declaration id, consignment number or transit MRN, and the
export MRN for goods exported from the EU. Sends nothing, stores nothing, needs no config.
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
    const options = manifestOptions(io, values, positionals);
    const result = await convertManifest(options);
    if (result.fatal !== undefined) {
      io.err(`FILE CANNOT BE READ: ${result.fatal}\n`);
      return EXIT.rejected;
    }
    const to = typeof values.to === 'string' ? values.to : DEFAULT_EMERGENCY_CONTACTS.email;
    if (!/^[^@\s]+@[^@\s]+$/.test(to)) throw new UsageError(`--to must be an e-mail address, got ${to}`);
    const packs = packsFromNotifications(result.mode as TransportMode, result.notifications, Date.now(), { email: to });
    if (packs.length === 0) {
      io.err('the manifest holds no transport: nothing to report\n');
      return EXIT.rejected;
    }
    const dir = resolve(typeof values.out === 'string' ? values.out : '.');
    const written = [];
    for (const pack of packs) {
      const files = await writeEmergencyPack(dir, pack, typeof values.from === 'string' ? { from: values.from } : {});
      written.push({ channel: pack.channel, meansOfTransport: pack.meansOfTransport.identificationNumber, consignments: pack.consignments.length, missingReferences: pack.missingReferences, files: files.map((f) => resolve(dir, f.name)) });
    }
    printJson(io, written);
    return EXIT.ok;
  },
};
