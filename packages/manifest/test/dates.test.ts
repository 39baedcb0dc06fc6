import { describe, expect, it } from 'vitest';
import { compileDateFormat, formatInstant, resolveLocalTime, zoneOffsetAt } from '../src/lib/dates.js';

const local = (s: string) => {
  const v = compileDateFormat('yyyy-MM-dd HH:mm')(s);
  if (v === undefined) throw new Error(s);
  return v;
};

describe('local time → UTC (Intl offsets)', () => {
  it('uses +01:00 in winter and +02:00 in summer in Oslo', () => {
    const winter = resolveLocalTime('Europe/Oslo', local('2030-01-15 14:30'));
    const summer = resolveLocalTime('Europe/Oslo', local('2030-07-15 14:30'));
    expect(winter.kind === 'ok' && formatInstant(winter.epochMs)).toBe('2030-01-15T13:30:00Z');
    expect(summer.kind === 'ok' && formatInstant(summer.epochMs)).toBe('2030-07-15T12:30:00Z');
  });

  it('finds the spring gap (02:00–03:00 does not exist on 2030-03-31)', () => {
    expect(resolveLocalTime('Europe/Oslo', local('2030-03-31 02:00')).kind).toBe('nonexistent');
    expect(resolveLocalTime('Europe/Oslo', local('2030-03-31 02:59')).kind).toBe('nonexistent');
    const after = resolveLocalTime('Europe/Oslo', local('2030-03-31 03:00'));
    expect(after.kind === 'ok' && formatInstant(after.epochMs)).toBe('2030-03-31T01:00:00Z');
    const before = resolveLocalTime('Europe/Oslo', local('2030-03-31 01:59'));
    expect(before.kind === 'ok' && formatInstant(before.epochMs)).toBe('2030-03-31T00:59:00Z');
  });

  it('finds the autumn overlap (02:00–02:59 twice on 2030-10-27) with both instants', () => {
    const r = resolveLocalTime('Europe/Oslo', local('2030-10-27 02:15'));
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(formatInstant(r.earlier)).toBe('2030-10-27T00:15:00Z');
    expect(formatInstant(r.later)).toBe('2030-10-27T01:15:00Z');
    expect(r.offsets).toEqual([7_200_000, 3_600_000]);
    expect(resolveLocalTime('Europe/Oslo', local('2030-10-27 03:00')).kind).toBe('ok');
  });

  it('works for other zones (New York, Kolkata half-hour offset)', () => {
    expect(resolveLocalTime('America/New_York', local('2030-03-10 02:30')).kind).toBe('nonexistent');
    const k = resolveLocalTime('Asia/Kolkata', local('2030-01-15 12:00'));
    expect(k.kind === 'ok' && formatInstant(k.epochMs)).toBe('2030-01-15T06:30:00Z');
    expect(zoneOffsetAt('Asia/Kolkata', Date.UTC(2030, 0, 1))).toBe(19_800_000);
  });

  it('reads formats with literals and single-digit fields; iso with offsets', () => {
    expect(compileDateFormat('d.M.yyyy H:mm')('5.1.2030 7:05')).toEqual({ year: 2030, month: 1, day: 5, hour: 7, minute: 5, second: 0 });
    expect(compileDateFormat('yyyyMMddHHmmss')('20300115143059')).toEqual({ year: 2030, month: 1, day: 15, hour: 14, minute: 30, second: 59 });
    expect(compileDateFormat('iso')('2030-01-15T14:30:00+01:00')).toMatchObject({ hour: 14, offsetMinutes: 60 });
    expect(compileDateFormat('iso')('2030-01-15T14:30Z')).toMatchObject({ offsetMinutes: 0 });
    expect(compileDateFormat('dd.MM.yyyy')('15/01/2030')).toBeUndefined();
    expect(() => compileDateFormat('HH:mm')).toThrow(TypeError);
  });
});
