import { describe, expect, it } from 'vitest';
import { makeProcessingName, makeTemporaryName, parseProcessingName } from '../../src/intake/lib/claim-name.js';
import { createFileFilter } from '../../src/intake/lib/file-filter.js';
import { ReadinessTracker } from '../../src/intake/lib/readiness.js';
import { MAX_INCOMING_NAME_BYTES, localPathInside, remotePathInside, unsafeIncomingNameReason, unsafeNameReason } from '../../src/intake/lib/safe-name.js';
import { errorReportName } from '../../src/pipeline/fail-manifest.js';
import { resultFileName } from '../../src/pipeline/run-manifest-lifecycle.js';
import { backoffDelay } from '../../src/lib/backoff.js';

describe('file name safety', () => {
  it.each([
    ['manifest-2026-11-21.csv', undefined],
    ['Ordre nr 5 (kopi).XML', undefined],
    ['', 'empty name'],
    ['a/b.csv', 'contains a path separator'],
    ['a\\b.csv', 'contains a path separator'],
    ['..', 'contains ".."'],
    ['x..csv', 'contains ".."'],
    ['nul\u0000.csv', 'contains a control character'],
    ['tab\t.csv', 'contains a control character'],
    [' lead.csv', 'leading or trailing blank'],
    ['caf\ufffd.csv', 'not valid UTF-8'],
    ['x'.repeat(256), 'longer than 255 bytes'],
    ['ø'.repeat(128), 'longer than 255 bytes'],
  ])('%j → %s', (name, reason) => {
    expect(unsafeNameReason(name)).toBe(reason);
  });

  it('takes from an inbox only names that leave room for every name the adapter derives from them', () => {
    expect(unsafeIncomingNameReason('x'.repeat(MAX_INCOMING_NAME_BYTES + 1))).toBe(`longer than ${MAX_INCOMING_NAME_BYTES} bytes`);
    expect(unsafeIncomingNameReason('æ'.repeat(MAX_INCOMING_NAME_BYTES / 2 + 1))).toBe(`longer than ${MAX_INCOMING_NAME_BYTES} bytes`);
    for (const longest of ['x'.repeat(MAX_INCOMING_NAME_BYTES - 4) + '.csv', 'æ'.repeat(MAX_INCOMING_NAME_BYTES / 2 - 2) + '.csv']) {
      expect(unsafeIncomingNameReason(longest)).toBeUndefined();
      const processing = makeProcessingName(longest, Date.UTC(2026, 10, 21));
      const manifest = { id: 'f3c0a1b2-0000-4000-8000-000000000000', originalName: longest };
      const derived = [
        processing,
        makeTemporaryName(processing),
        resultFileName(manifest, 'json'),
        makeTemporaryName(resultFileName(manifest, 'json')),
        errorReportName(manifest),
        makeTemporaryName(errorReportName(manifest)),
        `${processing}.error.json`,
        makeTemporaryName(`${processing}.error.json`),
      ];
      for (const name of derived) expect({ name, reason: unsafeNameReason(name) }).toEqual({ name, reason: undefined });
    }
  });

  it('keeps resolved paths inside the root', () => {
    expect(localPathInside('/srv/acme', 'inbox', 'a.csv')).toBe('/srv/acme/inbox/a.csv');
    expect(() => localPathInside('/srv/acme', '../other')).toThrow(expect.objectContaining({ code: 'INTAKE_PATH_ESCAPE' }));
    expect(() => localPathInside('/srv/acme', '/etc')).toThrow(expect.objectContaining({ code: 'INTAKE_PATH_ESCAPE' }));
    expect(remotePathInside('/upload', 'in/edi', 'a.csv')).toBe('/upload/in/edi/a.csv');
    expect(() => remotePathInside('/upload', 'in/../../etc')).toThrow(expect.objectContaining({ code: 'INTAKE_PATH_ESCAPE' }));
    expect(() => remotePathInside('/upload', 'inbox', '../x')).toThrow(expect.objectContaining({ code: 'INTAKE_UNSAFE_NAME' }));
  });
});

describe('claim names', () => {
  it('are unique, keep the original name and claim time, and read back', () => {
    const at = Date.UTC(2026, 10, 21, 8, 15, 30);
    const a = makeProcessingName('orders-1.csv', at);
    const b = makeProcessingName('orders-1.csv', at);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^20261121T081530Z-[0-9a-f]{8}-orders-1\.csv$/);
    expect(parseProcessingName(a)).toEqual({ originalName: 'orders-1.csv', claimedAt: at });
    expect(parseProcessingName('someone-elses-file.csv')).toBeUndefined();
    expect(makeTemporaryName('r.csv')).toMatch(/^\.r\.csv\.[0-9a-f]{8}\.tmp$/);
  });
});

describe('file filter', () => {
  const filter = createFileFilter({ include: ['*.csv', '*.xml'], exclude: ['test-*'], doneSuffix: '.done' });
  it.each([
    ['a.csv', true],
    ['A.CSV', true],
    ['b.xml', true],
    ['c.txt', false],
    ['test-a.csv', false],
    ['.hidden.csv', false],
    ['a.csv.tmp', false],
    ['a.csv.part', false],
    ['a.csv~', false],
    ['a.csv.done', false],
  ])('%s → %s', (name, expected) => {
    expect(filter.isCandidate(name)).toBe(expected);
  });
  it('recognises done-markers', () => {
    expect(filter.isDoneMarker('a.csv.done')).toBe(true);
    expect(filter.isDoneMarker('a.csv')).toBe(false);
  });
});

describe('readiness tracker', () => {
  it('stable: ready once size and mtime stayed the same for stableForMs, restarting on any change', () => {
    let t = 0;
    const tracker = new ReadinessTracker({ mode: 'stable', stableForMs: 1000, doneSuffix: '.done' }, () => t);
    const none = new Set<string>();
    expect(tracker.observe([{ name: 'a', size: 1, mtimeMs: 1 }], none).ready).toEqual([]);
    t = 999;
    expect(tracker.observe([{ name: 'a', size: 1, mtimeMs: 1 }], none).ready).toEqual([]);
    t = 1500;
    expect(tracker.observe([{ name: 'a', size: 2, mtimeMs: 1 }], none).ready).toEqual([]); // grew
    t = 2400;
    expect(tracker.observe([{ name: 'a', size: 2, mtimeMs: 1 }], none).ready).toEqual([]);
    t = 2500;
    expect(tracker.observe([{ name: 'a', size: 2, mtimeMs: 1 }], none).ready.map((f) => f.name)).toEqual(['a']);
    t = 2600;
    expect(tracker.observe([{ name: 'a', size: 2, mtimeMs: 2 }], none).ready).toEqual([]); // touched
  });
});

describe('backoff', () => {
  it('doubles up to the maximum, with jitter in the upper half', () => {
    const options = { initialMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, options, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffDelay(n, options, () => 0))).toEqual([50, 100, 200, 400, 500]);
  });
});
