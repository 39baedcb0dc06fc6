/**
 * Turns mapped rows into records: one row per house or several rows per house (goods lines);
 * houses → masters → transports by Digitoll's linking keys (docs/digitoll.md §2). Houses are emitted
 * as soon as they are complete; masters and transports (few) when the file ends.
 */
import type { MappingProfile } from '../mapping-profile-schema.js';
import type {
  FieldSource,
  HouseConsignmentRecord,
  ManifestProblem,
  MappedRecord,
  MasterConsignmentRecord,
  RecordSource,
  TransportRecord,
} from '../types.js';
import { validateDraft } from '@tollkit/messages';
import type { HouseConsignmentDraft, JsonObject, JsonValue, MasterConsignmentDraft, TransportDraft } from './drafts.js';
import { convertRaw, placeOf, readRaw, type CompiledField, type ConvertSettings, type FieldProblem, type SourceRow } from './fields.js';
import { KeySet } from './key-set.js';
import { addDecimals } from './numbers.js';
import { compactLists, compilePath, getPath, setPath } from './object-path.js';
import { quote, type ProblemLog, type ProblemPlace } from './problems.js';
import { findFieldSource, type RecordOrigins } from './field-origin.js';

export const HOUSE_KEY = ['consignmentHouseLevel.transportDocumentHouseLevel.type', 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber'];
export const MASTER_KEY = [
  'consignmentMasterLevel.transportDocumentMasterLevel.type',
  'consignmentMasterLevel.transportDocumentMasterLevel.documentNumber',
  'consignmentMasterLevel.carrier.identificationNumber',
];
export const TRANSPORT_KEY = ['activeBorderTransportMeans.identificationNumber', 'scheduledDateAndTimeOfArrival'];

const MODE_CODES = {
  road: { modeOfTransportCode: '3', typeOfIdentification: '30' },
  air: { modeOfTransportCode: '4', typeOfIdentification: '41' },
  rail: { modeOfTransportCode: '2', typeOfIdentification: '21' },
  maritime: { modeOfTransportCode: '1', typeOfIdentification: '10' },
} as const;

const MAX_RECORD_PROBLEMS = 100;
const GOODS_ITEM_PATH = compilePath('consignmentHouseLevel.goodsItem');
const MASTER_LINK_PATH = compilePath('consignmentHouseLevel.consignmentMasterLevel');
const RECEPTACLE_PATH = compilePath('consignmentHouseLevel.receptacleIdentificationNumber');

/**
 * A record being assembled. Masters and transports live until the file ends (a million-row file has
 * tens of thousands of masters), so an accumulator keeps one array, its field values, and
 * allocates the rest only for the records that need it: the text a `same` field was read from
 * where neither its value nor the field's constant gives it, the line of a value read after the
 * record's first row, problems.
 */
class Acc {
  /** Each field's value; undefined while it has none. */
  readonly values: (JsonValue | undefined)[];
  /** Kept texts of `same` fields (see {@link Acc.rawOf}); allocated on the first one. */
  #raws: (string | undefined)[] | undefined;
  /** Lines of values read after the first row (0: the first row's); allocated on the first one. */
  #lines: number[] | undefined;
  /** The XML path each value was read at; CSV rows have none (not allocated: a big file holds tens of thousands of masters). */
  valuePaths: (string | undefined)[] | undefined;
  #problems: ManifestProblem[] | undefined;
  hasError = false;
  readonly firstLine: number;
  lastLine: number;
  rows = 0;
  readonly path: string | undefined;

  constructor(
    readonly key: string,
    size: number,
    row: SourceRow<unknown>,
  ) {
    this.values = new Array<JsonValue | undefined>(size).fill(undefined);
    this.firstLine = row.line;
    this.lastLine = row.line;
    this.path = row.path;
  }

  /** The record's problems (at most {@link MAX_RECORD_PROBLEMS}). */
  get problems(): ManifestProblem[] {
    return (this.#problems ??= []);
  }

  addProblem(p: ManifestProblem): void {
    if (p.severity === 'error') this.hasError = true;
    const problems = this.problems;
    if (problems.length < MAX_RECORD_PROBLEMS) problems.push(p);
  }

  /**
   * The text field `i`'s value was read from — or, while it has none, the text whose conversion
   * failed — for a `same` field (`fixed`: the field's constant text, when it has one); undefined
   * when there is none. Only `same` fields keep it: no other aggregation compares texts.
   */
  rawOf(i: number, fixed: string | undefined): string | undefined {
    const kept = this.#raws?.[i];
    if (kept !== undefined) return kept;
    const v = this.values[i];
    if (v === undefined) return undefined;
    return typeof v === 'string' ? v : fixed;
  }

  /** Sets field `i`'s first value, read from `raw` at `line`. */
  setValue(i: number, value: JsonValue, raw: string, line: number, same: boolean, fixed: string | undefined): void {
    this.values[i] = value;
    if (same) {
      // kept only when neither the value nor the constant tells it (a translated code, a number)
      const told = typeof value === 'string' ? value === raw : fixed === raw;
      if (!told) (this.#raws ??= new Array<string | undefined>(this.values.length).fill(undefined))[i] = raw;
      else if (this.#raws !== undefined) this.#raws[i] = undefined;
    }
    if (line !== this.firstLine) (this.#lines ??= new Array<number>(this.values.length).fill(0))[i] = line;
  }

  /** Remembers the text of a failed conversion of `same` field `i`, unless one is already known. */
  keepFailedRaw(i: number, raw: string): void {
    if (this.#raws?.[i] === undefined) (this.#raws ??= new Array<string | undefined>(this.values.length).fill(undefined))[i] = raw;
  }

  /** The line field `i`'s value was read at; 0 when it has none. */
  lineOf(i: number): number {
    if (this.values[i] === undefined) return 0;
    const kept = this.#lines?.[i] ?? 0;
    return kept === 0 ? this.firstLine : kept;
  }

  source(file: string): RecordSource {
    const s = { file, firstLine: this.firstLine, lastLine: this.lastLine, rows: this.rows };
    return this.path === undefined ? s : { ...s, path: this.path };
  }
}

class HouseAcc extends Acc {
  readonly goodsItems: JsonObject[] = [];
  readonly goodsOrigins: { line: number; path: string | undefined }[] = [];
  masterKey: string | undefined;
  masterKeyValues: readonly string[] | undefined;
  transportKey: string | undefined;
}

class MasterAcc extends Acc {
  transportKey: string | undefined;
  /** Created on the first receptacle (most masters have none). */
  receptacles: Set<string> | undefined;
  houseCount = 0;
}

class TransportAcc extends Acc {
  readonly masters = new Map<string, readonly string[]>();
}

interface Section<R> {
  readonly fields: readonly CompiledField<R>[];
  readonly keyIndexes: readonly number[];
  /** Per field, the text every row reads for it when that cannot vary (a plain constant), else undefined. */
  readonly fixedRaws: readonly (string | undefined)[];
}

/** The text `f` reads on every row, when it is a plain constant (see readRaw). */
function fixedRawOf<R>(f: CompiledField<R>): string | undefined {
  if (f.sources !== undefined || f.param !== undefined || f.apply !== undefined || f.spec.type === 'presence') return undefined;
  return f.constValue === undefined || f.constValue === '' ? undefined : f.constValue;
}

function section<R>(fields: readonly CompiledField<R>[] | undefined, keyTargets: readonly string[]): Section<R> | undefined {
  if (fields === undefined) return undefined;
  const keyIndexes = keyTargets.map((t) => fields.findIndex((f) => f.target === t)).filter((i) => i >= 0);
  return { fields, keyIndexes, fixedRaws: fields.map(fixedRawOf) };
}

function stripIndexes(path: string): string {
  return path.replace(/\[\d+\]/gu, '');
}

/**
 * Whether a check's problem at `field` is about a field that already has a problem (the same
 * field, a member of it, or an object around it): reporting it again would say one thing twice.
 *
 * @example isCoveredBy('consignmentHouseLevel.consignor.address', ['consignmentHouseLevel.consignor.address.city']) // true
 */
export function isCoveredBy(field: string, problemFields: readonly string[]): boolean {
  return problemFields.some((f) => f === field || field.startsWith(`${f}.`) || field.startsWith(`${f}[`) || f.startsWith(`${field}.`) || f.startsWith(`${field}[`));
}

/** The message of a required field whose value was translated to "". */
function emptiedText<R>(f: CompiledField<R>, raw: string): string {
  return `${f.target} is required, but ${quote(raw)} translates to an empty value (translation table "${f.spec.translate ?? ''}")`;
}

/**
 * A record's draft from its field values: fields with `omitElementWhenEmpty` and no value take
 * their list item with them, and lists are compacted (no empty items, no gaps).
 */
function draftOf<R>(fields: readonly CompiledField<R>[], values: readonly (JsonValue | undefined)[]): JsonObject {
  // Runs for every record: no set or iterator unless a list item is dropped.
  let dropped: string[] | undefined;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i] as CompiledField<R>;
    if (f.element !== undefined && values[i] === undefined && dropped?.includes(f.element) !== true) (dropped ??= []).push(f.element);
  }
  const draft: JsonObject = {};
  for (let i = 0; i < fields.length; i++) {
    const v = values[i];
    if (v === undefined) continue;
    const f = fields[i] as CompiledField<R>;
    if (dropped !== undefined && dropped.some((e) => f.target.startsWith(e))) continue;
    setPath(draft, f.steps, v);
  }
  compactLists(draft);
  return draft;
}

/** Attaches `sourceOf` to a record without making it part of its JSON. */
function withSourceOf<T extends MappedRecord>(record: T, sourceOf: (field: string) => FieldSource): T {
  Object.defineProperty(record, 'sourceOf', { value: sourceOf, enumerable: false });
  return record;
}

function sameValue(a: JsonValue, b: JsonValue): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

export interface AssemblerInput<R> {
  readonly profile: MappingProfile;
  readonly file: string;
  readonly log: ProblemLog;
  readonly settings: ConvertSettings;
  readonly transport: readonly CompiledField<R>[] | undefined;
  readonly master: readonly CompiledField<R>[] | undefined;
  readonly house: readonly CompiledField<R>[];
  readonly goodsItem: readonly CompiledField<R>[] | undefined;
  /** Run `@tollkit/messages`' draft validation on every record (Customs' synchronous checks). */
  readonly validateDrafts: boolean;
}

type Level = 'transport' | 'master-consignment' | 'house-consignment';
type Finished<D> = { ok: true; draft: D; problems: readonly ManifestProblem[] } | { ok: false; draft: JsonObject; problems: readonly ManifestProblem[] };

export class Assembler<R> {
  readonly #in: AssemblerInput<R>;
  readonly #transport: Section<R> | undefined;
  readonly #master: Section<R> | undefined;
  readonly #house: Section<R>;
  readonly #out: MappedRecord[] = [];
  readonly #masters = new Map<string, MasterAcc>();
  readonly #transports = new Map<string, TransportAcc>();
  readonly #seenHouses = new KeySet();
  readonly #emitHouses: boolean;
  readonly #linkMaster: boolean;
  #open: HouseAcc | undefined;
  #notOk = 0;
  #counts = { transport: 0, 'master-consignment': 0, 'house-consignment': 0 };

  constructor(input: AssemblerInput<R>) {
    this.#in = input;
    this.#transport = section(input.transport, TRANSPORT_KEY);
    this.#master = section(input.master, MASTER_KEY);
    this.#house = section(input.house, HOUSE_KEY) as Section<R>;
    this.#emitHouses = input.profile.levels.includes('house-consignment');
    const mapsLink = input.house.some((f) => f.target.startsWith('consignmentHouseLevel.consignmentMasterLevel'));
    this.#linkMaster = input.profile.houseLink === 'master' && !mapsLink && input.master !== undefined;
  }

  /** Records ready to be handed out; empties the queue. */
  drain(): MappedRecord[] {
    return this.#out.splice(0, this.#out.length);
  }

  get counts(): { transport: number; 'master-consignment': number; 'house-consignment': number; notOk: number } {
    return { ...this.#counts, notOk: this.#notOk };
  }

  /** Where each field of `acc` was read (for {@link MappedRecord.sourceOf}). */
  #origins(acc: Acc, fields: readonly CompiledField<R>[]): (field: string) => FieldSource {
    // Built on the first question only: most records are never asked (memory and time stay flat).
    let origins: RecordOrigins | undefined;
    const goodsFields = acc instanceof HouseAcc ? (this.#in.goodsItem ?? []) : [];
    return (field) => {
      origins ??= {
        fields: fields.map((f, i) => ({ target: f.target, column: f.label, line: acc.lineOf(i), path: acc.valuePaths?.[i] })),
        goodsFields: goodsFields.map((f) => ({ target: f.target, column: f.label })),
        goodsItems: acc instanceof HouseAcc ? acc.goodsOrigins : [],
        firstLine: acc.firstLine,
        path: acc.path,
        ...(acc instanceof TransportAcc && !fields.some((f) => f.target === 'estimatedDateAndTimeOfArrival')
          ? { derived: { estimatedDateAndTimeOfArrival: 'scheduledDateAndTimeOfArrival' } }
          : {}),
      };
      return findFieldSource(origins, field);
    };
  }

  /**
   * Final checks of a record: the draft validation of @tollkit/messages when enabled, on whatever
   * could be mapped. A field that already has a mapping problem is not reported again; every
   * problem is placed at the line and column its data comes from.
   */
  #finish<D>(level: Level, acc: Acc, draft: JsonObject, sourceOf: (field: string) => FieldSource): Finished<D> {
    if (this.#in.validateDrafts) {
      const v = validateDraft(level, draft, this.#in.profile.mode);
      if (!v.ok) {
        const mapped = acc.problems.map((p) => p.field).filter((f): f is string => f !== undefined);
        for (const e of v.errors) {
          if (isCoveredBy(e.field, mapped)) continue;
          const at = sourceOf(e.field);
          this.#problem(
            acc,
            this.#in.log.make('error', 'DRAFT_INVALID', { line: at.line, path: at.path, column: at.column, field: e.field }, `${e.field}: ${e.error}`),
          );
        }
      }
    }
    if (acc.hasError) return { ok: false, draft, problems: acc.problems };
    // The draft has the shape the profile maps to; with validateDrafts it was also checked against messages' schema.
    return { ok: true, draft: draft as unknown as D, problems: acc.problems };
  }

  #problem(acc: Acc | undefined, p: ManifestProblem): void {
    this.#in.log.add(p);
    acc?.addProblem(p);
  }

  /**
   * Maps the key fields of a section: the key values, or the problems that prevent a key together
   * with a stand-in key made of the raw texts (so the record still exists, as invalid, and rows
   * with the same raw texts still group into it).
   */
  #key(sec: Section<R>, row: SourceRow<R>): { values: string[] } | { problems: ManifestProblem[]; rawKey: string; failed: ReadonlySet<number> } {
    // Runs three times per row: the problem list and set exist only once there is a problem.
    const values: string[] = [];
    const raws: string[] = [];
    let problems: ManifestProblem[] | undefined;
    let failed: Set<number> | undefined;
    const indexes = sec.keyIndexes;
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k] as number;
      const problem = this.#keyPart(sec, i, row, values, raws);
      if (problem !== undefined) {
        (problems ??= []).push(problem);
        (failed ??= new Set<number>()).add(i);
      }
    }
    return problems !== undefined && failed !== undefined ? { problems, rawKey: `?${raws.join('|')}`, failed } : { values };
  }

  /** Adds key field `i` of `row` to `values` and its text to `raws`; the problem that prevents it, if any. */
  #keyPart(sec: Section<R>, i: number, row: SourceRow<R>, values: string[], raws: string[]): ManifestProblem | undefined {
    const f = sec.fields[i] as CompiledField<R>;
    const raw = readRaw(f, row.data, this.#in.settings);
    if (raw.kind === 'error') {
      raws.push('');
      return this.#in.log.make(raw.problem.severity, raw.problem.code, placeOf(f, row, raw.problem.value), raw.problem.message);
    }
    if (raw.kind !== 'raw') {
      values.push('');
      raws.push('');
      return undefined;
    }
    raws.push(raw.raw);
    const c = convertRaw(f, raw.raw, raw.fromFile, this.#in.settings);
    if (!c.ok) return this.#in.log.make(c.problem.severity, c.problem.code, placeOf(f, row, c.problem.value ?? raw.raw), c.problem.message);
    if (c.value === undefined) return this.#in.log.make('error', 'VALUE_REQUIRED', placeOf(f, row, raw.raw), emptiedText(f, raw.raw));
    values.push(typeof c.value === 'string' ? c.value : JSON.stringify(c.value));
    return undefined;
  }

  /** The transport or master of `row` (created on its first row); key problems are reported once, on it. */
  #group<A extends TransportAcc | MasterAcc>(
    sec: Section<R>,
    groups: Map<string, A>,
    row: SourceRow<R>,
    make: (key: string) => A,
    join: string,
  ): { acc: A; values: string[] | undefined; first: boolean } {
    const k = this.#key(sec, row);
    const key = 'problems' in k ? k.rawKey : join === '@' ? k.values.filter((v) => v !== '').join('@') : k.values.join(join);
    let acc = groups.get(key);
    const first = acc === undefined;
    if (acc === undefined) {
      acc = make(key);
      groups.set(key, acc);
      if ('problems' in k) for (const p of k.problems) this.#problem(acc, p);
    }
    acc.rows++;
    acc.lastLine = row.line;
    this.#merge(sec, acc, row, first, 'problems' in k ? k.failed : undefined);
    return { acc, values: 'problems' in k ? undefined : k.values, first };
  }

  /** Maps every field of a section on `row` into `acc` (first row sets, later rows aggregate). */
  #merge(sec: Section<R>, acc: Acc, row: SourceRow<R>, first: boolean, skip?: ReadonlySet<number>): void {
    const settings = this.#in.settings;
    const fields = sec.fields;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as CompiledField<R>;
      if (skip?.has(i) === true) continue; // already reported by #key
      if (!first && f.aggregate === 'first') continue;
      const raw = readRaw(f, row.data, settings);
      if (raw.kind === 'skip' || raw.kind === 'empty') continue;
      if (raw.kind === 'error') {
        if (!first && raw.problem.code === 'VALUE_REQUIRED') continue;
        this.#problem(acc, this.#in.log.make(raw.problem.severity, raw.problem.code, placeOf(f, row, raw.problem.value), raw.problem.message));
        continue;
      }
      const previous = acc.values[i];
      const same = f.aggregate === 'same';
      const fixed = sec.fixedRaws[i];
      // The same text as an earlier row of this record: already taken, or already reported (once per record).
      if (!first && same && acc.rawOf(i, fixed) === raw.raw) continue;
      const c = convertRaw(f, raw.raw, raw.fromFile, settings);
      for (let k = 0; k < c.warnings.length; k++) {
        const w = c.warnings[k] as FieldProblem;
        this.#problem(acc, this.#in.log.make(w.severity, w.code, placeOf(f, row, w.value), w.message));
      }
      if (!c.ok) {
        this.#problem(acc, this.#in.log.make(c.problem.severity, c.problem.code, placeOf(f, row, c.problem.value ?? raw.raw), c.problem.message));
        if (previous === undefined && same) acc.keepFailedRaw(i, raw.raw);
        continue;
      }
      if (c.value === undefined) {
        if (f.required && first) this.#problem(acc, this.#in.log.make('error', 'VALUE_REQUIRED', placeOf(f, row, raw.raw), emptiedText(f, raw.raw)));
        continue;
      }
      if (previous === undefined) {
        // One string for both when the value is the text itself (held per master until the file ends).
        acc.setValue(i, typeof c.value === 'string' && c.value === raw.raw ? raw.raw : c.value, raw.raw, row.line, same, fixed);
        if (row.path !== undefined) (acc.valuePaths ??= new Array<string | undefined>(acc.values.length).fill(undefined))[i] = row.path;
      } else if (f.aggregate === 'sum' && typeof previous === 'number' && typeof c.value === 'number') {
        acc.values[i] = addDecimals(previous, c.value);
      } else if (f.aggregate === 'same' && !sameValue(previous, c.value)) {
        this.#problem(
          acc,
          this.#in.log.make('error', 'GROUP_CONFLICT', placeOf(f, row, raw.raw), `${f.target}: this row says ${JSON.stringify(c.value)}, but line ${acc.lineOf(i)} of the same ${acc instanceof HouseAcc ? 'house' : acc instanceof MasterAcc ? 'master' : 'transport'} (${acc.key}) says ${JSON.stringify(previous)}`),
        );
      }
    }
  }

  #mapGoodsItem(row: SourceRow<R>, house: HouseAcc): void {
    const fields = this.#in.goodsItem;
    if (fields === undefined) return;
    const item: JsonObject = {};
    // Problems name the field as Customs would: consignmentHouseLevel.goodsItem[n].<target>.
    const at = (f: CompiledField<R>, value: string | undefined): ProblemPlace => ({ ...placeOf(f, row, value), field: `consignmentHouseLevel.goodsItem[${house.goodsItems.length}].${f.target}` });
    let any = false;
    for (const f of fields) {
      const raw = readRaw(f, row.data, this.#in.settings);
      if (raw.kind === 'skip' || raw.kind === 'empty') continue;
      if (raw.kind === 'error') {
        this.#problem(house, this.#in.log.make(raw.problem.severity, raw.problem.code, at(f, raw.problem.value), `goodsItem[${house.goodsItems.length}].${raw.problem.message}`));
        continue;
      }
      const c = convertRaw(f, raw.raw, raw.fromFile, this.#in.settings);
      for (const w of c.warnings) this.#problem(house, this.#in.log.make(w.severity, w.code, at(f, w.value), w.message));
      if (!c.ok) {
        this.#problem(house, this.#in.log.make(c.problem.severity, c.problem.code, at(f, c.problem.value ?? raw.raw), `goodsItem[${house.goodsItems.length}].${c.problem.message}`));
        continue;
      }
      if (c.value === undefined) {
        if (f.required) this.#problem(house, this.#in.log.make('error', 'VALUE_REQUIRED', at(f, raw.raw), `goodsItem[${house.goodsItems.length}].${emptiedText(f, raw.raw)}`));
        if (f.element === undefined && raw.fromFile) any = true;
        continue;
      }
      if (raw.fromFile) any = true;
      setPath(item, f.steps, c.value);
    }
    if (fields.some((f) => f.element !== undefined && getPath(item, f.steps) === undefined)) return; // omitElementWhenEmpty: no goods item
    if (any) {
      house.goodsItems.push(item);
      house.goodsOrigins.push({ line: row.line, path: row.path });
    }
  }

  /**
   * Maps one row. `goodsRows` are the rows that give goods lines: the row itself (CSV) or the
   * goods-line elements below an XML record.
   */
  addRow(row: SourceRow<R>, goodsRows: readonly SourceRow<R>[]): void {
    // transport: its problems (key ones included) stay on the transport, reported once
    let transport: TransportAcc | undefined;
    if (this.#transport !== undefined) {
      transport = this.#group(this.#transport, this.#transports, row, (key) => new TransportAcc(key, (this.#transport as Section<R>).fields.length, row), '@').acc;
    }
    // master
    let master: MasterAcc | undefined;
    let masterKeyValues: string[] | undefined;
    if (this.#master !== undefined) {
      const g = this.#group(
        this.#master,
        this.#masters,
        row,
        (key) => {
          const m = new MasterAcc(key, (this.#master as Section<R>).fields.length, row);
          m.transportKey = transport?.key;
          return m;
        },
        ':',
      );
      master = g.acc;
      masterKeyValues = g.values;
      if (!g.first && transport !== undefined && master.transportKey !== transport.key && !transport.key.startsWith('?')) {
        // (a transport whose key could not be read is reported on itself, not as a conflict here)
        this.#problem(
          master,
          this.#in.log.make('error', 'GROUP_CONFLICT', { line: row.line, path: row.path }, `master ${master.key} is on transport ${master.transportKey ?? '(none)'} (line ${master.firstLine}) and on transport ${transport.key} on this row; a master travels on one transport`),
        );
      }
      if (transport !== undefined && masterKeyValues !== undefined && !transport.masters.has(master.key)) {
        transport.masters.set(master.key, masterKeyValues);
      }
    }
    // house
    const hk = this.#key(this.#house, row);
    const houseKey = 'problems' in hk ? `line-${row.line}` : hk.values.join(':');
    let house = this.#open;
    let first = false;
    if (house === undefined || house.key !== houseKey || 'problems' in hk || this.#in.profile.grouping === 'one-row-per-house') {
      this.#closeOpen();
      house = new HouseAcc(houseKey, this.#house.fields.length, row);
      first = true;
      this.#open = house;
      house.masterKey = master?.key;
      house.masterKeyValues = masterKeyValues;
      house.transportKey = transport?.key;
      if (master !== undefined) master.houseCount++;
      if ('problems' in hk) {
        for (const p of hk.problems) this.#problem(house, p);
      } else {
        const firstLine = this.#seenHouses.addOrGet(houseKey, row.line);
        if (firstLine !== undefined) {
          const how =
            this.#in.profile.grouping === 'one-row-per-house'
              ? "with grouping 'one-row-per-house' every row must be a different house"
              : 'the rows of one house must follow each other';
          this.#problem(
            house,
            this.#in.log.make('error', this.#in.profile.grouping === 'one-row-per-house' ? 'GROUP_DUPLICATE_HOUSE' : 'GROUP_NOT_CONTIGUOUS', { line: row.line, path: row.path, value: houseKey }, `house ${houseKey} already appeared at line ${firstLine}; ${how}`),
          );
        }
      }
    } else if (house.masterKey !== master?.key) {
      this.#problem(
        house,
        this.#in.log.make('error', 'GROUP_CONFLICT', { line: row.line, path: row.path }, `house ${houseKey} belongs to master ${house.masterKey ?? '(none)'} on line ${house.firstLine} but to ${master?.key ?? '(none)'} on this row`),
      );
    }
    house.rows++;
    house.lastLine = row.line;
    this.#merge(this.#house, house, row, first, 'problems' in hk ? hk.failed : undefined);
    for (const g of goodsRows) this.#mapGoodsItem(g, house);
  }

  #closeOpen(): void {
    const house = this.#open;
    if (house === undefined) return;
    this.#open = undefined;
    const draft = draftOf(this.#house.fields, house.values);
    if (house.goodsItems.length > 0) setPath(draft, GOODS_ITEM_PATH, house.goodsItems);
    if (this.#linkMaster && house.masterKeyValues !== undefined) {
      const [type, documentNumber, carrier] = house.masterKeyValues as [string, string, string];
      setPath(draft, MASTER_LINK_PATH, {
        carrierIdentificationNumber: carrier,
        transportDocumentMasterLevel: { documentNumber, type },
      });
    }
    const receptacle = getPath(draft, RECEPTACLE_PATH);
    const master = typeof receptacle === 'string' && house.masterKey !== undefined ? this.#masters.get(house.masterKey) : undefined;
    if (master !== undefined) (master.receptacles ??= new Set<string>()).add(receptacle as string);
    if (!this.#emitHouses) return;
    const sourceOf = this.#origins(house, this.#house.fields);
    const record: HouseConsignmentRecord = {
      level: 'house-consignment',
      key: house.key,
      source: house.source(this.#in.file),
      ...this.#finish<HouseConsignmentDraft>('house-consignment', house, draft, sourceOf),
      ...(house.masterKey === undefined ? {} : { masterKey: house.masterKey }),
      ...(house.transportKey === undefined ? {} : { transportKey: house.transportKey }),
    } as unknown as HouseConsignmentRecord;
    this.#push(withSourceOf(record, sourceOf));
  }

  #push(record: MappedRecord): void {
    this.#out.push(this.#count(record));
  }

  #count<T extends MappedRecord>(record: T): T {
    this.#counts[record.level]++;
    if (!record.ok) this.#notOk++;
    return record;
  }

  /**
   * A date field whose values contradict the format's day/month order (some only valid the other
   * way round) may have read the others wrongly: one warning per field, naming a value that fits
   * both orders and how it was read.
   */
  #reportDateOrder(): void {
    const all = [...(this.#in.transport ?? []), ...(this.#in.master ?? []), ...this.#in.house, ...(this.#in.goodsItem ?? [])];
    for (const f of all) {
      const { swapped, ambiguous } = f.dateOrder;
      if (swapped === undefined || ambiguous === undefined) continue;
      this.#in.log.add(
        this.#in.log.make('warning', 'VALUE_DATE_ORDER', { column: f.label, field: f.target, value: ambiguous.raw }, `${f.target}: the date format ${f.dateFormatText} puts ${f.dateFormatText.indexOf('M') < f.dateFormatText.indexOf('d') ? 'the month first' : 'the day first'}, but ${quote(swapped)} only works the other way round; values that fit both were read with the profile's order and may be wrong, e.g. ${quote(ambiguous.raw)} was read as ${ambiguous.value}`),
      );
    }
  }

  /**
   * Ends the file: closes the open house, then hands out masters and transports one at a time (a
   * file of a million rows has tens of thousands of masters: building them all at once would block
   * the caller for as long, and hold every draft at once). Each master's working state is dropped
   * once its record is out.
   */
  *finish(): Generator<MappedRecord> {
    this.#closeOpen();
    yield* this.drain();
    this.#reportDateOrder();
    const levels = this.#in.profile.levels;
    if (levels.includes('master-consignment') && this.#master !== undefined) {
      for (const m of this.#masters.values()) {
        this.#masters.delete(m.key);
        const draft = draftOf(this.#master.fields, m.values);
        const sourceOf = this.#origins(m, this.#master.fields);
        const record = {
          level: 'master-consignment',
          key: m.key,
          source: m.source(this.#in.file),
          ...this.#finish<MasterConsignmentDraft>('master-consignment', m, draft, sourceOf),
          receptacleIds: [...(m.receptacles ?? [])],
          houseCount: m.houseCount,
          ...(m.transportKey === undefined ? {} : { transportKey: m.transportKey }),
        } as unknown as MasterConsignmentRecord;
        yield this.#count(withSourceOf(record, sourceOf));
      }
    }
    if (levels.includes('transport') && this.#transport !== undefined) {
      const mapped = new Set(this.#transport.fields.map((f) => f.target));
      const codes = MODE_CODES[this.#in.profile.mode];
      for (const t of this.#transports.values()) {
        const draft = draftOf(this.#transport.fields, t.values);
        if (!mapped.has('activeBorderTransportMeans.modeOfTransportCode')) {
          setPath(draft, compilePath('activeBorderTransportMeans.modeOfTransportCode'), codes.modeOfTransportCode);
        }
        if (!mapped.has('activeBorderTransportMeans.typeOfIdentification')) {
          setPath(draft, compilePath('activeBorderTransportMeans.typeOfIdentification'), codes.typeOfIdentification);
        }
        const scheduled = draft['scheduledDateAndTimeOfArrival'];
        if (!mapped.has('estimatedDateAndTimeOfArrival') && typeof scheduled === 'string') draft['estimatedDateAndTimeOfArrival'] = scheduled;
        if (![...mapped].some((m) => m.startsWith('consignmentMasterLevel'))) {
          draft['consignmentMasterLevel'] = [...t.masters.values()].map(([type, documentNumber]) => ({
            transportDocumentMasterLevel: { documentNumber: documentNumber as string, type: type as string },
          }));
        }
        const sourceOf = this.#origins(t, this.#transport.fields);
        const record = {
          level: 'transport',
          key: t.key,
          source: t.source(this.#in.file),
          ...this.#finish<TransportDraft>('transport', t, draft, sourceOf),
        } as unknown as TransportRecord;
        yield this.#count(withSourceOf(record, sourceOf));
      }
    }
  }
}
