/** What the format readers share: the parse context and the mutable state behind the report. */
import type { MappingProfile } from '../mapping-profile-schema.js';
import { HOUSE_KEY, MASTER_KEY, TRANSPORT_KEY } from './assembler.js';
import type { EncodingName, EncodingSource } from './decode.js';
import type { ProblemLog } from './problems.js';

export interface ParseContext {
  readonly profile: MappingProfile;
  readonly file: string;
  readonly log: ProblemLog;
  /** Days to move every local date-time by (option `dateRebase`). */
  readonly dayShift: number;
  readonly params: Readonly<Record<string, string>>;
  readonly validateDrafts: boolean;
}

export interface IntakeState {
  bytes: number;
  rowsRead: number;
  rowsRejected: number;
  encoding: { name: EncodingName; source: EncodingSource } | undefined;
  delimiter: { char: string; detected: boolean } | undefined;
  counts: () => { transport: number; 'master-consignment': number; 'house-consignment': number; notOk: number } | undefined;
}

export function newIntakeState(): IntakeState {
  return { bytes: 0, rowsRead: 0, rowsRejected: 0, encoding: undefined, delimiter: undefined, counts: () => undefined };
}

/** Target fields that make up linking keys and are therefore always required. */
export function keyTargetsFor(profile: MappingProfile): ReadonlySet<string> {
  const keys = new Set<string>(HOUSE_KEY);
  if (profile.master !== undefined) for (const k of MASTER_KEY) keys.add(k);
  if (profile.transport !== undefined) keys.add(TRANSPORT_KEY[0] as string);
  return keys;
}
