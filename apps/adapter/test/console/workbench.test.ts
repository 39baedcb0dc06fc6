/**
 * Issue #15, item 7: the profile workbench in the operator console, used as an integration engineer
 * would — real headless Chromium (Debian's chromium via playwright-core) against a real service
 * started from a config file (read-only console: no operators, the workbench acts on nothing).
 *
 * The two-problem record is the one of test/pipeline/one-pass.test.ts: an empty required description
 * (mapping problem) and Customs' asynchronous rule A15 "Field cannot be filled out when
 * consignmentHouseLevel.importProcedure is …" (docs/digitoll/errors.md, Customs' page
 * api/mo/feilkoder.html) — a CUDE with TRANSIT_IMPORT.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXAMPLE_REFERENCE_DATE, examplePaths } from '@tollkit/manifest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateManifest } from '../../src/commands/convert.js';
import { dropInto, tempRoot, tomorrow, waitFor } from '../e2e/harness.js';
import { launchBrowser, type Browser } from './browser.js';
import { startConsoleService, type ConsoleService } from './console-service.js';
import { ROAD_COLUMNS, roadExampleWith } from '../support/road-example.js';
import { WORKBENCH_MAX_SAMPLE_BYTES } from '../../src/console/lib/workbench-routes.js';

const SCREENSHOTS = process.env['TOLLKIT_CONSOLE_SCREENSHOTS'] === '1' ? join(import.meta.dirname, '../../../../docs/console') : undefined;
const ROAD = 'road-forwarder-export';

const COL = ROAD_COLUMNS;

/** 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('profile workbench in Chromium', () => {
  const temp = tempRoot('tollkit-workbench-');
  let svc: ConsoleService;
  let browser: Browser;
  let page: Page;
  const shots = SCREENSHOTS ?? join(temp.root, 'screenshots');
  const requested: string[] = [];
  const posted: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    svc = await startConsoleService(temp.root, { operators: false });
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('request', (r) => {
      requested.push(r.url());
      if (r.method() === 'POST') posted.push(new URL(r.url()).pathname);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    temp.remove();
  });

  const problems = () => page.locator('[data-testid=problems] tbody tr');
  const profile = () => page.getByTestId('profile');

  it('opens a bundled example, shows a typo at its field as it is typed, and the mapped messages again once it is fixed', async () => {
    await page.goto(`${svc.url}/workbench`);
    await page.getByTestId('example').selectOption(ROAD);
    await page.getByRole('button', { name: 'Open example' }).click();
    await page.getByTestId('summary').waitFor();
    expect(await page.getByTestId('sample-name').innerText()).toContain('manifest.csv');
    expect(await page.getByTestId('summary').innerText()).toMatch(/^8 messages \(road\): 8 would be sent, 0 invalid, 0 file problems/);
    // Mapped messages per level; each house with its procedure variant in Customs' numbering.
    expect(await page.locator('[data-testid=messages-transport] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=messages-master-consignment] tbody tr').count()).toBe(2);
    const houses = page.locator('[data-testid=messages-house-consignment] tbody tr');
    expect(await houses.count()).toBe(5);
    for (const v of await houses.getByTestId('variant').allInnerTexts()) expect(v).toMatch(/^\d+ /);
    // No reload from here on: a mark in the page's own memory. It also times each htmx round trip (request sent → results swapped in).
    await page.evaluate(() => {
      const g = globalThis as unknown as { sameDocument: boolean; trips: number[]; shown: number[]; sentAt: number; typedAt: number; document: { body: { addEventListener(e: string, f: () => void): void } } };
      g.sameDocument = true;
      g.trips = [];
      g.shown = [];
      g.document.body.addEventListener('input', () => (g.typedAt = performance.now()));
      g.document.body.addEventListener('htmx:beforeRequest', () => (g.sentAt = performance.now()));
      g.document.body.addEventListener('htmx:afterSwap', () => {
        g.trips.push(performance.now() - g.sentAt);
        g.shown.push(performance.now() - g.typedAt);
      });
    });

    // Typo in the column the house description is read from.
    const text = await profile().inputValue();
    const typo = text.replace('from: Varebeskrivelse,', 'from: Varebeskrivelze,');
    expect(typo).not.toBe(text);
    const started = Date.now();
    await profile().fill(typo);
    const row = problems().filter({ hasText: 'consignmentHouseLevel.goodsDescription' }).first();
    await row.waitFor({ timeout: 10_000 });
    const typoMs = Date.now() - started;
    const cells = await row.locator('td').allInnerTexts();
    expect(cells[0]).toBe('1'); // the header line of the sample
    expect(cells[3]).toBe('consignmentHouseLevel.goodsDescription');
    expect(Number(cells[4])).toBe(lineOf(typo, 'consignmentHouseLevel.goodsDescription:')); // the profile line of the field
    expect(cells[5]).toContain('the profile reads column "Varebeskrivelze" for consignmentHouseLevel.goodsDescription, which the file does not have; nearest in the file: "Varebeskrivelse"');
    // The profile line selects that line in the editor (the console's own /assets/workbench.js).
    await row.getByRole('button', { name: cells[4] as string }).click();
    const selected = await profile().evaluate((t) => {
      const a = t as unknown as { value: string; selectionStart: number; selectionEnd: number };
      return a.value.slice(a.selectionStart, a.selectionEnd);
    });
    expect(selected.trim()).toBe('consignmentHouseLevel.goodsDescription: { from: Varebeskrivelze, required: true, maxLength: 512 }');
    // A CSV without a column the profile needs is refused whole, as the service would.
    expect(await page.getByTestId('summary').innerText()).toMatch(/^0 messages \(road\): 0 would be sent, 0 invalid, 2 file problems/);
    expect(await page.getByRole('alert').innerText()).toContain('The file cannot be read: a column the profile needs is missing');

    // Fixed: the problems go and the messages update.
    const fixedAt = Date.now();
    await profile().fill(text);
    await page.getByTestId('summary').filter({ hasText: '8 would be sent, 0 invalid' }).waitFor({ timeout: 10_000 });
    const fixMs = Date.now() - fixedAt;
    expect(await problems().count()).toBe(0);
    expect(await page.locator('[data-testid=messages-house-consignment] tbody tr[data-status=would-send]').count()).toBe(5);
    expect(await page.locator('[data-testid=messages-house-consignment] details pre').first().textContent()).toContain('"goodsDescription": "bremseskiver til personbil"');
    expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
    const { trips, shown } = await page.evaluate(() => {
      const g = globalThis as unknown as { trips: number[]; shown: number[] };
      return { trips: g.trips.map(Math.round), shown: g.shown.map(Math.round) };
    });
    expect(trips.length).toBeGreaterThanOrEqual(2);
    console.log(`workbench: last keystroke → results in the page ${shown.join(', ')} ms (350 ms debounce included), of which htmx request → swap ${trips.join(', ')} ms; server ${await page.getByTestId('took').innerText()}; seen by the test after ${typoMs}, ${fixMs} ms`);

    // A profile that does not load says where.
    await profile().fill(text.replace('maxLength: 512', 'maxLenght: 512'));
    const profileProblem = page.locator('[data-testid=profile-problems] tbody tr').first();
    await profileProblem.waitFor({ timeout: 10_000 });
    expect(await profileProblem.innerText()).toContain('Unrecognized key: "maxLenght"');
    expect(Number(await profileProblem.locator('td').nth(1).innerText())).toBe(lineOf(text, 'consignmentHouseLevel.goodsDescription:'));
    await profile().fill(text);
    await page.getByTestId('summary').waitFor({ timeout: 10_000 });
  }, 60_000);

  it('shows a record\'s mapping problem and its Customs-rule problem together, the same ones tollkit validate reports', async () => {
    const bytes = roadExampleWith((rows) => {
      const row = rows[2] as string[]; // CMR-2030-0002: CUDE 123456789/10.08.2022/2, no export MRN
      row[COL.varebeskrivelse] = ''; // mapping problem: required description empty
      row[COL.prosedyre] = 'Transitt'; // rule problem (A15): TRANSIT_IMPORT takes no CUDE
    });
    const text = await profile().inputValue();
    await page.getByTestId('upload').setInputFiles({ name: 'two-problems.csv', mimeType: 'text/csv', buffer: bytes });
    await page.getByRole('button', { name: 'Open upload' }).click();
    await page.getByTestId('summary').waitFor();
    expect(await page.getByTestId('sample-name').innerText()).toContain('two-problems.csv (upload');
    expect(await profile().inputValue()).toBe(text); // the profile being edited is kept
    const house = problems().filter({ hasText: 'CMR-2030-0002' });
    if ((await house.count()) === 0) console.log(await page.getByTestId('results').innerText());
    expect(await house.locator('[data-testid=field]').allInnerTexts()).toEqual([
      'consignmentHouseLevel.goodsDescription',
      'consignmentHouseLevel.previousDocuments[0].declarantNumber',
      'consignmentHouseLevel.previousDocuments[0].declarationDate',
      'consignmentHouseLevel.previousDocuments[0].sequenceNumber',
    ]);
    const messages = await house.locator('td:last-child').allInnerTexts();
    expect(messages[0]).toContain('required, but Varebeskrivelse is empty');
    expect(messages[1]).toBe('Field cannot be filled out when consignmentHouseLevel.importProcedure is TRANSIT_IMPORT (line 3, column Deklarantnr)');
    expect(await house.locator('td').first().innerText()).toBe('3');

    // The same checks as `tollkit validate`, not a second validator: every problem, once, identical.
    const file = join(temp.root, 'two-problems.csv');
    writeFileSync(file, bytes);
    const validated = await validateManifest({ file, profile: ROAD, dateRebase: { from: EXAMPLE_REFERENCE_DATE, to: tomorrow() } });
    const shown = await problems().evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(shown.map((c) => [c[0] === '—' ? null : Number(c[0]), c[2] || null, c[3], c[5]])).toEqual(validated.problems.map((p) => [p.line, p.documentNumber, p.field, p.message]));
    expect(validated.problems.length).toBeGreaterThanOrEqual(4);

    // Nothing was sent to Customs and nothing reached the store or a channel's folders.
    expect(svc.pg.counters.snapshot().posts).toEqual([]);
    expect(Object.keys(svc.pg.counters.snapshot().requests).filter((k) => k.startsWith('POST /api/movement'))).toEqual([]);
    expect(await svc.store.pageManifests({ limit: 10 })).toEqual([]);
    expect(readdirSync(join(temp.root, 'partners', ROAD), { recursive: true }).filter((f) => !String(f).startsWith('.') && /\.(csv|xml|json|yaml)$/u.test(String(f)))).toEqual([]);
  }, 60_000);

  it('drafts a profile from the sample (profile init), opens a file a channel received, and downloads the profile', async () => {
    await page.getByRole('button', { name: 'Draft from sample (profile init)' }).click();
    await page.getByText(/Drafted by profile init: \d+ fields mapped/).waitFor();
    expect(await profile().inputValue()).toContain('Varebeskrivelse');
    await page.getByTestId('summary').waitFor();

    // A file the road channel received, with the channel's profile.
    const path = examplePaths(ROAD).manifestPath;
    dropInto(svc.inbox(ROAD), basename(path), readFileSync(path));
    await waitFor('the road file recorded', async () => (await svc.store.findManifests({ channel: ROAD })).length > 0, 30_000);
    await page.goto(`${svc.url}/workbench`);
    const [m] = await svc.store.findManifests({ channel: ROAD });
    await page.getByTestId('channel-file').selectOption(m?.id as string);
    await page.getByRole('button', { name: 'Open file' }).click();
    await page.getByTestId('summary').waitFor();
    expect(await page.getByTestId('sample-name').innerText()).toContain(`manifest.csv (channel ${ROAD}`);
    expect(await profile().inputValue()).toBe(readFileSync(examplePaths(ROAD).profilePath, 'utf8'));

    const edited = (await profile().inputValue()).replace('maxLength: 512', 'maxLength: 500');
    await profile().fill(edited);
    const download = page.waitForEvent('download');
    await page.getByTestId('download').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`${ROAD}.yaml`);
    expect(readFileSync((await file.path()) as string, 'utf8')).toBe(edited);

    // The screenshot: the air example (namespaced XML) with a path typo, problems at XML path and profile line.
    await page.goto(`${svc.url}/workbench`);
    await page.getByTestId('example').selectOption('air-express-awb');
    await page.getByRole('button', { name: 'Open example' }).click();
    await page.getByTestId('summary').waitFor();
    const airText = await profile().inputValue();
    await profile().fill(airText.replace('from: Description,', 'from: Descriptoin,'));
    await problems().first().waitFor({ timeout: 10_000 });
    expect(await problems().first().innerText()).toContain('no element Descriptoin');
    await page.screenshot({ path: join(shots, 'workbench.png'), fullPage: true });
  }, 90_000);

  it('sends nothing to Customs, writes nothing to the channels, loads nothing from outside, and bounds uploads', async () => {
    expect(posted.filter((p) => !p.startsWith('/workbench/'))).toEqual([]);
    expect(requested.filter((u) => !u.startsWith(svc.url))).toEqual([]);
    const big = new FormData();
    big.set('file', new Blob([new Uint8Array(WORKBENCH_MAX_SAMPLE_BYTES + 1)]), 'big.csv');
    const refused = await fetch(`${svc.url}/workbench/sample`, { method: 'POST', body: big, headers: { origin: svc.url } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('too large for the workbench');
    // Whatever the sample and the profile say is shown as text, never run as markup.
    await page.goto(`${svc.url}/workbench`);
    const hostile = '<script>globalThis.pwned = 1</script><img src=x onerror="globalThis.pwned = 2">';
    await page.getByTestId('upload').setInputFiles({ name: '<b>x</b>.csv', mimeType: 'text/csv', buffer: Buffer.from(`a;b\n${hostile};1\n`) });
    await page.getByRole('button', { name: 'Open upload' }).click();
    await page.getByTestId('sample-preview').waitFor();
    await profile().fill(`name: "${hostile}"\nformat: csv\n`);
    await page.locator('[data-testid=profile-problems]').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('sample-preview').innerText()).toContain(hostile);
    expect(await page.getByTestId('sample-name').innerText()).toContain('<b>x</b>.csv');
    expect(await page.locator('#wb-results img, #wb-results script, [data-testid=sample-preview] img, [data-testid=sample-preview] script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    // Cross-site form posts are refused (Hono's same-origin check).
    const cross = await fetch(`${svc.url}/workbench/evaluate`, { method: 'POST', body: new URLSearchParams({ profile: 'x' }), headers: { origin: 'http://evil.example' } });
    expect(cross.status).toBe(403);
  });
});
