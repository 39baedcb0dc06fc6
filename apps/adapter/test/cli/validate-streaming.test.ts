/**
 * `validate` streams the file (it never holds all records): its result is the same as the
 * whole-file dry run's (`convertManifest`) — summary, file problems, every row problem in order —
 * and each row's problem is handed to `onProblem` as soon as it is found.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertManifest, validateManifest, type ValidationProblem } from '../../src/commands/convert.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { tempRoot } from '../e2e/harness.js';

const temp = tempRoot('tollkit-validate-stream-');
afterAll(() => temp.remove());

describe('validate over a stream', () => {
  it('reports what the whole-file dry run reports, row problems as they come', async () => {
    const m = generateRoadManifest(5, 3_000, { tag: 'V' });
    const lines = m.bytes.toString('latin1').split('\r\n');
    const bad = (row: number, column: number, value: string) => {
      const cells = (lines[row] as string).split(';');
      cells[column] = value;
      lines[row] = cells.join(';');
    };
    bad(2, 22, 'mye'); // gross mass not a number
    bad(1_500, 22, '-'); // and another far into the file
    lines[2_200] = lines[2_100] as string; // the same house twice
    lines[2_600] = 'a;b'; // a ragged row (file problem)
    const file = join(temp.root, 'mixed.csv');
    writeFileSync(file, Buffer.from(lines.join('\r\n'), 'latin1'));
    const now = () => Date.UTC(2030, 0, 1);

    const seen: ValidationProblem[] = [];
    const streamed = await validateManifest({ file, profile: 'road-forwarder-export', now, onProblem: (p) => seen.push(p) });
    const whole = await convertManifest({ file, profile: 'road-forwarder-export', now });
    const { notifications, ...rest } = whole;
    const expected = [
      ...rest.fileProblems.map((p) => ({ line: p.line, level: null, documentNumber: null, field: p.field, message: p.message })),
      ...notifications.flatMap((n) => n.errors.map((e) => ({ line: n.line, level: n.level, documentNumber: n.documentNumber, field: e.field, message: e.message }))),
    ];
    expect(streamed).toEqual({ ...rest, ok: false, problems: expected, procedures: expect.objectContaining({ incompleteCount: 0 }) });
    expect(streamed.summary.invalid).toBeGreaterThanOrEqual(3);
    expect(streamed.fileProblems.length).toBeGreaterThanOrEqual(1);
    expect(seen).toEqual(expected.filter((p) => p.level !== null));
    expect(seen.some((p) => p.message.includes('appears twice in the file'))).toBe(true);
  });
});
