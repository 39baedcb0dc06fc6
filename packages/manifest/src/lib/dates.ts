/**
 * Local date/time values → UTC instants, DST-correct, using Intl for the zone's offsets.
 * A local time that does not exist (spring forward) or exists twice (autumn) is reported, never
 * guessed silently.
 */

export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Offset given in the value itself (minutes east of UTC), e.g. `Z` = 0. */
  readonly offsetMinutes?: number;
}

const TOKENS: ReadonlyArray<readonly [string, string, keyof LocalDateTime]> = [
  ['yyyy', '(\\d{4})', 'year'],
  ['MM', '(\\d{2})', 'month'],
  ['dd', '(\\d{2})', 'day'],
  ['HH', '(\\d{2})', 'hour'],
  ['mm', '(\\d{2})', 'minute'],
  ['ss', '(\\d{2})', 'second'],
  ['M', '(\\d{1,2})', 'month'],
  ['d', '(\\d{1,2})', 'day'],
  ['H', '(\\d{1,2})', 'hour'],
];

const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/u;

/** Parses values of one format (`dd.MM.yyyy HH:mm`, or `iso`) into their parts, or undefined. */
export type DateTimeReader = (raw: string) => LocalDateTime | undefined;

const TOKEN_HINTS: Readonly<Record<string, string>> = {
  hh: 'hours are HH (00-23); a 12-hour clock (hh) is not supported',
  h: 'hours are HH or H (0-23); a 12-hour clock (h) is not supported',
  YYYY: 'the year is yyyy (lower case)',
  YY: 'the year is yyyy (four digits)',
  yy: 'the year is yyyy (four digits)',
  DD: 'the day is dd (lower case)',
  D: 'the day is d (lower case)',
  SS: 'seconds are ss (lower case)',
  MMM: 'month names are not supported: use MM or M',
  a: 'AM/PM is not supported: use a 24-hour clock (HH)',
};

/**
 * Checks a date format without compiling it: every run of letters must be a known token
 * (`yyyy MM M dd d HH H mm ss`), `T` or quoted text (`'T'`), and year, month and day must be
 * there. Returns what is wrong, or undefined.
 *
 * @example dateFormatProblem('dd.MM.yyyy hh:mm') // 'unknown token "hh": hours are HH (00-23); …'
 */
export function dateFormatProblem(format: string): string | undefined {
  if (format === 'iso') return undefined;
  let rest = format.replace(/'[^']*'/gu, '');
  if (rest.includes("'")) return 'a quote (\') is not closed';
  for (const [token] of TOKENS) rest = rest.split(token).join(' ');
  const letters = /[A-Za-z]+/gu;
  for (let m = letters.exec(rest); m !== null; m = letters.exec(rest)) {
    if (m[0] === 'T') continue;
    const hint = TOKEN_HINTS[m[0]] ?? 'known tokens are yyyy MM M dd d HH H mm ss; put other text in single quotes';
    return `unknown token "${m[0]}": ${hint}`;
  }
  try {
    compileDateFormat(format);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

/** Compiles a format string. Throws TypeError for a format without year, month and day. */
export function compileDateFormat(format: string): DateTimeReader {
  if (format === 'iso') {
    return (raw) => {
      const m = ISO_DATETIME.exec(raw);
      if (m === null) return undefined;
      const zone = m[7];
      let offsetMinutes: number | undefined;
      if (zone === 'Z') offsetMinutes = 0;
      else if (zone !== undefined) {
        const sign = zone.startsWith('-') ? -1 : 1;
        const digits = zone.slice(1).replace(':', '');
        offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
      }
      const base = {
        year: Number(m[1]),
        month: Number(m[2]),
        day: Number(m[3]),
        hour: Number(m[4]),
        minute: Number(m[5]),
        second: m[6] === undefined ? 0 : Number(m[6]),
      };
      return offsetMinutes === undefined ? base : { ...base, offsetMinutes };
    };
  }
  const fields: (keyof LocalDateTime)[] = [];
  let pattern = '';
  let i = 0;
  outer: while (i < format.length) {
    if (format[i] === "'") {
      const end = format.indexOf("'", i + 1);
      const literal = end === -1 ? format.slice(i + 1) : format.slice(i + 1, end);
      pattern += literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i = end === -1 ? format.length : end + 1;
      continue;
    }
    for (const [token, re, field] of TOKENS) {
      if (format.startsWith(token, i)) {
        pattern += re;
        fields.push(field);
        i += token.length;
        continue outer;
      }
    }
    pattern += (format[i] as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    i += 1;
  }
  if (!fields.includes('year') || !fields.includes('month') || !fields.includes('day')) {
    throw new TypeError(`date format "${format}" needs yyyy, MM (or M) and dd (or d)`);
  }
  const re = new RegExp(`^${pattern}$`, 'u');
  return (raw) => {
    const m = re.exec(raw);
    if (m === null) return undefined;
    const parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    fields.forEach((field, k) => {
      (parts as Record<string, number>)[field] = Number(m[k + 1]);
    });
    return parts;
  };
}

/** Checks month/day/hour/minute/second ranges; returns a message or undefined. */
export function checkRanges(v: LocalDateTime): string | undefined {
  if (v.month < 1 || v.month > 12) return `month ${v.month} does not exist`;
  const daysInMonth = new Date(Date.UTC(v.year, v.month, 0)).getUTCDate();
  if (v.day < 1 || v.day > daysInMonth) return `day ${v.day} does not exist in ${v.year}-${String(v.month).padStart(2, '0')}`;
  if (v.hour > 23) return `hour ${v.hour} does not exist`;
  if (v.minute > 59) return `minute ${v.minute} does not exist`;
  if (v.second > 59) return `second ${v.second} does not exist`;
  return undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at instant `epochMs`, in milliseconds (Oslo winter: 3_600_000). */
export function zoneOffsetAt(timeZone: string, epochMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(epochMs / 1000) * 1000;
}

export type LocalResolution =
  | { readonly kind: 'ok'; readonly epochMs: number; readonly offsetMs: number }
  | { readonly kind: 'nonexistent'; readonly before: number; readonly after: number }
  | { readonly kind: 'ambiguous'; readonly earlier: number; readonly later: number; readonly offsets: readonly [number, number] };

const resolutionCache = new Map<string, LocalResolution>();

/**
 * Resolves a wall-clock time in `timeZone` to the instant(s) it denotes: one (normal), none
 * (skipped by a DST jump) or two (repeated when clocks go back).
 */
export function resolveLocalTime(timeZone: string, v: LocalDateTime): LocalResolution {
  const wall = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second);
  const cacheKey = `${timeZone}|${v.year}-${v.month}-${v.day}T${v.hour}:${v.minute}`;
  const cached = resolutionCache.get(cacheKey);
  if (cached !== undefined) {
    const shift = v.second * 1000;
    if (cached.kind === 'ok') return { ...cached, epochMs: cached.epochMs + shift };
    if (cached.kind === 'ambiguous') return { ...cached, earlier: cached.earlier + shift, later: cached.later + shift };
    return cached;
  }
  const wallMinute = wall - v.second * 1000;
  const candidates = new Set([zoneOffsetAt(timeZone, wallMinute - 86_400_000), zoneOffsetAt(timeZone, wallMinute + 86_400_000)]);
  const valid: { epochMs: number; offsetMs: number }[] = [];
  for (const offset of candidates) {
    const t = wallMinute - offset;
    if (zoneOffsetAt(timeZone, t) === offset) valid.push({ epochMs: t, offsetMs: offset });
  }
  valid.sort((a, b) => a.epochMs - b.epochMs);
  let result: LocalResolution;
  if (valid.length === 0) {
    const [a, b] = [...candidates].sort((x, y) => x - y);
    result = { kind: 'nonexistent', before: a ?? 0, after: b ?? 0 };
  } else if (valid.length === 1) {
    result = { kind: 'ok', epochMs: (valid[0] as { epochMs: number }).epochMs, offsetMs: (valid[0] as { offsetMs: number }).offsetMs };
  } else {
    const [e, l] = valid as [{ epochMs: number; offsetMs: number }, { epochMs: number; offsetMs: number }];
    result = { kind: 'ambiguous', earlier: e.epochMs, later: l.epochMs, offsets: [e.offsetMs, l.offsetMs] };
  }
  if (resolutionCache.size > 50_000) resolutionCache.clear();
  resolutionCache.set(cacheKey, result);
  if (result.kind === 'ok') return { ...result, epochMs: result.epochMs + v.second * 1000 };
  if (result.kind === 'ambiguous') return { ...result, earlier: result.earlier + v.second * 1000, later: result.later + v.second * 1000 };
  return result;
}

/** `2026-03-01T13:00:00Z` – Digitoll's instant format (UTC, seconds, literal Z). */
export function formatInstant(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** `+01:00` for 3_600_000. */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const abs = Math.abs(offsetMs) / 60_000;
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Moves a local date by whole calendar days (keeps the wall-clock time). */
export function shiftDays(v: LocalDateTime, days: number): LocalDateTime {
  if (days === 0) return v;
  const d = new Date(Date.UTC(v.year, v.month - 1, v.day + days));
  return { ...v, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whole days from `from` to `to` (both `yyyy-MM-dd`). */
export function daysBetween(from: string, to: string): number {
  const parse = (s: string): number => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(s);
    if (m === null) throw new TypeError(`expected a date yyyy-MM-dd, got "${s}"`);
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  };
  return Math.round((parse(to) - parse(from)) / 86_400_000);
}
