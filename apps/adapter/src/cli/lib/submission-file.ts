import { readFile } from 'node:fs/promises';
import type { NotificationLevel, TransportMode } from '@tollkit/digitoll-client';
import { UsageError } from './io.js';

/** One notification to send, as read from a `submit` file. */
export interface SubmissionItem {
  readonly mode: TransportMode;
  readonly level: NotificationLevel;
  readonly body: Record<string, unknown>;
}

const MODES: Record<string, TransportMode> = { '1': 'maritime', '2': 'rail', '3': 'road', '4': 'air' };
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a `submit` file: one request body, an envelope `{mode, level, body}`, or an array of either.
 * The level is taken from the body's root (transport: `activeBorderTransportMeans`; master: a
 * `consignmentMasterLevel` object; house: `consignmentHouseLevel`) unless given; a transport's mode comes from
 * `modeOfTransportCode`; other bodies need `--mode` or an envelope `mode`.
 */
export async function readSubmissionFile(
  path: string,
  defaults: { mode: TransportMode | undefined; level: NotificationLevel | undefined },
): Promise<SubmissionItem[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${path} cannot be read (${(error as { code?: string }).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  if (entries.length === 0) throw new UsageError(`${path} holds an empty array`);
  return entries.map((entry, index) => {
    const where = Array.isArray(parsed) ? `${path}[${index}]` : path;
    if (!isRecord(entry)) throw new UsageError(`${where}: expected a JSON object`);
    const envelope = isRecord(entry['body']) ? entry : undefined;
    const body = (envelope?.['body'] ?? entry) as Record<string, unknown>;
    const level = (envelope?.['level'] as NotificationLevel | undefined) ?? defaults.level ?? inferLevel(body);
    if (level === undefined) {
      throw new UsageError(`${where}: cannot tell the level (no activeBorderTransportMeans, consignmentMasterLevel or consignmentHouseLevel); use --level`);
    }
    if (!['transport', 'master-consignment', 'house-consignment'].includes(level)) throw new UsageError(`${where}: level "${String(level)}" is not a notification level`);
    const code = isRecord(body['activeBorderTransportMeans']) ? body['activeBorderTransportMeans']['modeOfTransportCode'] : undefined;
    const mode = (envelope?.['mode'] as TransportMode | undefined) ?? defaults.mode ?? (typeof code === 'string' ? MODES[code] : undefined);
    if (mode === undefined) throw new UsageError(`${where}: cannot tell the transport mode; use --mode road|air|rail|maritime`);
    if (!['road', 'air', 'rail', 'maritime'].includes(mode)) throw new UsageError(`${where}: mode "${String(mode)}" is not road, air, rail or maritime`);
    return { mode, level, body };
  });
}

function inferLevel(body: Record<string, unknown>): NotificationLevel | undefined {
  if (isRecord(body['activeBorderTransportMeans'])) return 'transport';
  if (isRecord(body['consignmentHouseLevel'])) return 'house-consignment';
  if (isRecord(body['consignmentMasterLevel'])) return 'master-consignment';
  return undefined;
}
