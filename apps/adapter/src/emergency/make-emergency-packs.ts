import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TransportMode } from '@tollkit/codesets';
import type { ConvertedNotification } from '../commands/convert.js';
import { buildEmergencyPack, renderEmergencyEml, renderEmergencyText, type EmergencyContacts, type EmergencyPack } from './emergency-pack.js';
import { renderEmergencyPdf } from './render-emergency-pdf.js';

/** One file of a written pack. */
export interface EmergencyFile {
  readonly name: string;
  readonly bytes: number;
}

function rec(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The master keys a transport lists (`documentNumber|type`). */
function listedMasters(transport: unknown): Set<string> {
  const out = new Set<string>();
  for (const e of Array.isArray(rec(transport)?.['consignmentMasterLevel']) ? (rec(transport)?.['consignmentMasterLevel'] as unknown[]) : []) {
    const d = rec(rec(e)?.['transportDocumentMasterLevel']);
    if (typeof d?.['documentNumber'] === 'string') out.add(`${d['documentNumber']}|${String(d['type'])}`);
  }
  return out;
}

/**
 * The packs of a converted manifest: one per transport, with the houses whose master it lists (all houses when the
 * file has one transport). Invalid notifications are included too: the routine is about what the goods are, not about
 * whether Customs would accept the message.
 */
export function packsFromNotifications(mode: TransportMode, notifications: readonly Pick<ConvertedNotification, 'level' | 'body'>[], now: number, contacts?: EmergencyContacts): EmergencyPack[] {
  const transports = notifications.filter((n) => n.level === 'transport');
  const houses = notifications.filter((n) => n.level === 'house-consignment');
  return transports.map((t) => {
    const masters = listedMasters(t.body);
    const mine = transports.length === 1
      ? houses
      : houses.filter((h) => {
          const ref = rec(rec(rec(h.body)?.['consignmentHouseLevel'])?.['consignmentMasterLevel']);
          const d = rec(ref?.['transportDocumentMasterLevel']);
          return d !== undefined && masters.has(`${String(d['documentNumber'])}|${String(d['type'])}`);
        });
    return buildEmergencyPack({ mode, transport: t.body, houses: mine.map((h) => ({ body: h.body })), now, ...(contacts === undefined ? {} : { contacts }) });
  });
}

/** Safe file stem for a pack: mode, means of transport and scheduled arrival. */
export function packStem(pack: EmergencyPack): string {
  const raw = `emergency-${pack.mode}-${pack.meansOfTransport.identificationNumber}-${pack.scheduledArrival ?? 'unknown'}`;
  return raw.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * The files of a pack, named and rendered: road → `<stem>.pdf` + `<stem>.txt`; air, rail, sea → `<stem>.eml` +
 * `<stem>.txt`. The service queues these to the partner's outbox; the command writes them to a folder.
 */
export async function renderEmergencyFiles(pack: EmergencyPack, options: { from?: string } = {}): Promise<[string, Buffer][]> {
  const stem = packStem(pack);
  const files: [string, Buffer][] = [[`${stem}.txt`, Buffer.from(renderEmergencyText(pack), 'utf8')]];
  if (pack.channel === 'desk') files.unshift([`${stem}.pdf`, await renderEmergencyPdf(pack)]);
  else files.unshift([`${stem}.eml`, Buffer.from(renderEmergencyEml(pack, { ...options, messageId: `${randomUUID()}@tollkit.invalid` }), 'utf8')]);
  return files;
}

/**
 * Writes a pack into `dir` ({@link renderEmergencyFiles}). Each file is written to a temporary name and renamed, so a
 * reader never sees half a pack file.
 */
export async function writeEmergencyPack(dir: string, pack: EmergencyPack, options: { from?: string } = {}): Promise<EmergencyFile[]> {
  await mkdir(dir, { recursive: true });
  const files = await renderEmergencyFiles(pack, options);
  for (const [name, bytes] of files) {
    const tmp = join(dir, `.${name}.${randomUUID()}.tmp`);
    await writeFile(tmp, bytes);
    await rename(tmp, join(dir, name));
  }
  return files.map(([name, bytes]) => ({ name, bytes: bytes.length }));
}
