/**
 * Issue #14, items 3 and 4: the operator console, used as a person would — in real headless
 * Chromium (Debian's chromium via playwright-core) against a real service (playground, local
 * folders, SQLite) started from a config file as `tollkit run` does.
 *
 * Rejected rows: a TVINN declaration sequence the playground does not know (99) passes local
 * validation and Customs rejects it asynchronously (rule B9 on previous documents; Customs' page
 * api/mo validation rules, docs/ in this repo cite docs/digitoll.md §13.2 for the error shape).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EXAMPLE_NAMES, EXAMPLE_REFERENCE_DATE, examplePaths } from '@tollkit/manifest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arriveAllTransports, dropInto, list, tempRoot, waitFor } from '../e2e/harness.js';
import { generateRoadManifest } from '../e2e/generate-manifest.js';
import { launchBrowser, type Browser } from './browser.js';
import { startConsoleService, type ConsoleService } from './console-service.js';

/** Where page screenshots go: `docs/console/` when TOLLKIT_CONSOLE_SCREENSHOTS=1, else the test's temp dir. */
const SCREENSHOTS = process.env['TOLLKIT_CONSOLE_SCREENSHOTS'] === '1' ? join(import.meta.dirname, '../../../../docs/console') : undefined;

/** Generated road files carry the examples' reference day; the service moves it to tomorrow. */
const ARRIVAL = new Date(`${EXAMPLE_REFERENCE_DATE}T12:00:00Z`);
const ROAD = 'road-forwarder-export';

describe('operator console in Chromium', () => {
  const temp = tempRoot('tollkit-console-');
  let svc: ConsoleService;
  let browser: Browser;
  let page: Page;
  const shots = SCREENSHOTS ?? join(temp.root, 'screenshots');
  /** Every URL the browser asked for: all must be the service's own (no CDN, no external network). */
  const requested: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    svc = await startConsoleService(temp.root);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on('request', (request) => requested.push(request.url()));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await svc?.close();
    temp.remove();
  });

  /** Logs `anna` in through the login form (a new session). */
  const login = async (): Promise<void> => {
    await page.goto(`${svc.url}/login`);
    await page.locator('input[name=name]').fill('anna');
    await page.locator('input[name=secret]').fill(svc.token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('operator').waitFor();
  };
  const manifestRow = (file: string) => page.locator('[data-testid=manifests] tbody tr', { hasText: file });

  it('keeps /healthz and /metrics on the ops port beside the console', async () => {
    expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${svc.url}/metrics`)).text()).toContain('tollkit_up 1');
    expect((await fetch(`${svc.url}/healthz`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${svc.url}/assets/htmx.min.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('shows the example manifests reach their outcomes without reloading the page', async () => {
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await page.goto(`${svc.url}/manifests`);
    expect(await page.locator('[data-testid=manifests]').innerText()).toContain('no manifests match');
    // A mark in the page's own memory: a reload would wipe it.
    await page.evaluate(() => Object.assign(globalThis, { sameDocument: true }));

    for (const name of EXAMPLE_NAMES) {
      const path = examplePaths(name).manifestPath;
      dropInto(svc.inbox(name), basename(path), readFileSync(path));
    }
    for (const name of EXAMPLE_NAMES) {
      await manifestRow(name).getByText(/all accepted/).waitFor({ timeout: 90_000 });
    }
    expect(await manifestRow(ROAD).locator('td').nth(3).innerText()).toBe('archived');
    expect(await page.evaluate(() => (globalThis as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(navigations).toBe(1);

    // The transports arrive: routing signals come in and show on the routing page, live.
    await page.goto(`${svc.url}/routing`);
    await arriveAllTransports(svc.store, svc.pg, new Set());
    await page.locator('[data-testid=routing] tbody tr', { hasText: 'TO_' }).first().waitFor({ timeout: 60_000 });
  }, 180_000);

  it('opens a manifest with a rejected row and reads Customs\' error with its field path', async () => {
    const file = generateRoadManifest(1, 5, { tag: 'P', arrival: ARRIVAL, rejectedRow: (j) => j === 2 });
    dropInto(svc.inbox(ROAD), 'partly.csv', file.bytes);
    await page.goto(`${svc.url}/manifests`);
    await manifestRow('partly.csv').getByText(/accepted with rejections/).waitFor({ timeout: 60_000 });
    await manifestRow('partly.csv').getByRole('link', { name: 'partly.csv' }).click();
    await page.waitForURL(/\/manifests\/[0-9a-f-]{36}$/);
    expect(await page.locator('[data-testid=outcome]').innerText()).toBe('accepted with rejections (1 of 7 rejected or invalid)');
    const rejected = page.locator('[data-testid=rows] tr[data-state=rejected]');
    expect(await rejected.count()).toBe(1);
    const text = await rejected.innerText();
    expect(text).toContain(file.houses[1]);
    // Customs' asynchronous error: the pointer (field path) and its description.
    expect(text).toMatch(/consignmentHouseLevel\.previousDocuments/);
    expect(await rejected.locator('.errors li').count()).toBeGreaterThan(0);
    // Accepted rows show their requestId and MRN.
    const accepted = page.locator('[data-testid=rows] tr', { hasText: file.houses[0] as string });
    expect(await accepted.locator('td').nth(5).innerText()).toMatch(/^[0-9a-f-]{36}$/);
    expect(await accepted.locator('td').nth(6).innerText()).toMatch(/^\d{2}NO[A-Z0-9]{14}$/);
    // The result file downloads.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the result file' }).click();
    expect((await download).suggestedFilename()).toMatch(/^partly\.csv\.result-[0-9a-f]{8}\.json$/);
    const original = await fetch(new URL(await page.getByRole('link', { name: 'Download the original file' }).getAttribute('href') ?? '', svc.url));
    expect(Buffer.from(await original.arrayBuffer()).equals(file.bytes)).toBe(true);
  }, 120_000);

  it('finds a row by its MRN', async () => {
    const [house] = (await svc.store.findNotifications({ documentNumber: generateRoadManifest(1, 5, { tag: 'P' }).houses[0] as string }));
    const mrn = house?.mrn;
    expect(mrn).toMatch(/^\d{2}NO/);
    await page.goto(`${svc.url}/search`);
    await page.locator('input[name=q]').fill(mrn as string);
    await page.locator('input[name=q]').press('Enter');
    await page.waitForURL(/\/search\?q=/);
    expect(await page.locator('[data-testid=verdict]').innerText()).toContain('matched as mrn');
    const row = page.locator('[data-testid=rows] tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain(mrn as string);
    expect(await row.innerText()).toContain('partly.csv');
  });

  it('refuses resubmit without operator credentials, and runs it for a logged-in operator', async () => {
    const [partly] = await svc.store.findManifests({ originalName: 'partly.csv' });
    const id = partly?.id as string;
    await page.goto(`${svc.url}/manifests/${id}`);
    expect(await page.locator('[data-testid=actions]').innerText()).toContain('Log in as an operator');
    expect(await page.getByRole('button', { name: /Resubmit/ }).count()).toBe(0);
    // A hand-made POST from the page without credentials is refused, and nothing moves.
    const anonymous = await page.evaluate(async (url) => (await fetch(url, { method: 'POST', body: new URLSearchParams({ mode: 'rejected' }) })).status, `/manifests/${id}/resubmit`);
    expect(anonymous).toBe(401);
    expect(list(join(temp.root, 'partners', ROAD, 'archive')).some((f) => f.endsWith('-partly.csv'))).toBe(true);
    expect(await svc.store.listOperatorActions({ limit: 10 })).toEqual([]);
    // A wrong token is refused at the login form.
    await page.getByTestId('actions').getByRole('link', { name: 'Log in' }).click();
    await page.locator('input[name=name]').fill('anna');
    await page.locator('input[name=secret]').fill('not-the-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    expect(await page.getByRole('alert').innerText()).toContain('wrong token');

    await page.locator('input[name=name]').fill('anna');
    await page.locator('input[name=secret]').fill(svc.token);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${svc.url}/manifests/${id}`);
    expect(await page.getByTestId('operator').innerText()).toContain('anna');
    // Logged in, but a POST without the page's CSRF token is still refused.
    const forged = await page.evaluate(async (url) => (await fetch(url, { method: 'POST', body: new URLSearchParams({ mode: 'rejected' }) })).status, `/manifests/${id}/resubmit`);
    expect(forged).toBe(403);
    expect(await svc.store.listOperatorActions({ limit: 10 })).toEqual([]);

    await page.getByRole('button', { name: 'Resubmit rejected and invalid rows' }).click();
    await page.waitForURL(/\?action=/);
    const notice = await page.getByRole('status').innerText();
    expect(notice).toMatch(/^resubmit by anna at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: done — 1 row\(s\) to send again/);
    const [action] = await svc.store.listOperatorActions({ limit: 10 });
    expect(action).toMatchObject({ operator: 'anna', action: 'resubmit', manifestId: id, outcome: 'done' });
    expect(svc.log.lines.some((l) => l.msg === 'console action resubmit: done' && l.obj['operator'] === 'anna')).toBe(true);
    // The new version is processed: its rejected row sent again (and rejected again), the accepted ones left alone.
    await page.goto(`${svc.url}/manifests?channel=${ROAD}`);
    await waitFor('second version', async () => (await svc.store.findManifests({ originalName: 'partly.csv' })).some((m) => m.id !== id && m.outcome !== null));
    await page.locator('[data-testid=manifests] tbody tr', { hasText: 'partly.csv' }).nth(1).waitFor();
    // The earlier version now points at the newer one, and offers no action of its own.
    await page.goto(`${svc.url}/manifests/${id}`);
    await page.getByTestId('newer').getByRole('link').click();
    expect(await page.locator('[data-testid=rows] tr[data-state=rejected]').innerText()).toContain('consignmentHouseLevel.previousDocuments');
    await page.goto(`${svc.url}/manifests/${id}`);
    expect(await page.getByRole('button', { name: /Resubmit/ }).count()).toBe(0);
    await page.goto(`${svc.url}/actions`);
    expect(await page.locator('[data-testid=operator-actions] tbody tr').first().innerText()).toMatch(/anna\s+resubmit\s+road-forwarder-export: partly\.csv\s+done/);
  }, 120_000);

  it('shows a generated file whose rows Customs mostly rejects, and lets an operator acknowledge it', async () => {
    await login();
    await page.goto(`${svc.url}/`);
    const before = (await svc.store.countManifestsByOutcome())['accepted-with-rejections'];
    const file = generateRoadManifest(2, 60, { tag: 'M', arrival: ARRIVAL, rejectedRow: (j) => j % 10 !== 0 });
    dropInto(svc.inbox(ROAD), 'mostly-rejected.csv', file.bytes);
    // The overview counts it, live.
    const counted = page.locator('[data-testid=outcomes] tr', { hasText: 'accepted-with-rejections' }).locator('td.num');
    await waitFor('the overview counts the file', async () => (await counted.innerText()) === String(before + 1), 90_000);
    await page.goto(`${svc.url}/manifests?outcome=accepted-with-rejections`);
    expect(await manifestRow('mostly-rejected.csv').innerText()).toContain('accepted with rejections (54 of 62 rejected or invalid)');
    await page.goto(`${svc.url}/failures`);
    const row = page.locator('[data-testid=failures] tbody tr', { hasText: 'mostly-rejected.csv' });
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    await page.waitForURL(/\/manifests\/.*\?action=/);
    expect(await page.getByTestId('acknowledged').innerText()).toMatch(/^by anna at /);
    await page.goto(`${svc.url}/failures`);
    expect(await page.locator('[data-testid=failures] tbody tr', { hasText: 'mostly-rejected.csv' }).count()).toBe(0);
  }, 150_000);

  it('accepts basic auth (with the page\'s CSRF token) for an operator with a password', async () => {
    const [done] = await svc.store.findManifests({ originalName: 'mostly-rejected.csv' });
    // The newest version of partly.csv (its resubmission): not acknowledged yet.
    const m = (await svc.store.findManifests({ originalName: 'partly.csv' })).sort((a, b) => b.receivedAt - a.receivedAt)[0];
    const authorization = `Basic ${Buffer.from('ola:ola-password-42').toString('base64')}`;
    const pageHtml = await (await fetch(`${svc.url}/manifests/${m?.id}`, { headers: { authorization } })).text();
    expect(pageHtml).toContain('Operator: <strong>ola</strong>');
    const token = /name="_csrf" value="([^"]+)"/.exec(pageHtml)?.[1] ?? '';
    // Scripts send the Origin header a browser would (the same-origin check applies to them too).
    const origin = svc.url;
    const wrong = await fetch(`${svc.url}/manifests/${m?.id}/acknowledge`, { method: 'POST', headers: { origin, authorization: `Basic ${Buffer.from('ola:nope').toString('base64')}`, 'x-csrf-token': token }, redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const ok = await fetch(`${svc.url}/manifests/${m?.id}/acknowledge`, { method: 'POST', headers: { origin, authorization, 'x-csrf-token': token }, redirect: 'manual' });
    expect(ok.status).toBe(303);
    const [latest] = await svc.store.listOperatorActions({ limit: 1 });
    expect(latest).toMatchObject({ operator: 'ola', action: 'acknowledge', manifestId: m?.id, outcome: 'done' });
    // A second acknowledgement (of the file anna acknowledged) is refused, and recorded as such.
    const again = await fetch(`${svc.url}/manifests/${done?.id}/acknowledge`, { method: 'POST', headers: { origin, authorization, 'x-csrf-token': token }, redirect: 'manual' });
    expect(again.status).toBe(303);
    const [refused] = await svc.store.listOperatorActions({ limit: 1 });
    expect(refused).toMatchObject({ operator: 'ola', action: 'acknowledge', manifestId: done?.id, outcome: 'refused' });
    expect(refused?.detail).toMatch(/^already acknowledged by anna at /);
  });

  it('renders every page (screenshots)', async () => {
    const [partly] = await svc.store.findManifests({ originalName: 'partly.csv' });
    const [house] = await svc.store.findNotifications({ states: ['routed'], limit: 1 });
    const pages: [string, string][] = [
      ['overview', '/'],
      ['manifests', '/manifests'],
      ['manifest-detail', `/manifests/${partly?.id}`],
      ['search', `/search?q=${house?.mrn ?? ''}`],
      ['routing', '/routing'],
      ['failures', '/failures?acknowledged=shown'],
      ['actions', '/actions'],
    ];
    for (const [name, path] of pages) {
      const response = await page.goto(`${svc.url}${path}`);
      expect(response?.status(), path).toBe(200);
      await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    }
    await browser.context.clearCookies();
    await page.goto(`${svc.url}/login`);
    await page.screenshot({ path: join(shots, 'login.png') });
    expect(list(shots).filter((f) => f.endsWith('.png'))).toHaveLength(8);
    expect(requested.length).toBeGreaterThan(50);
    expect(requested.filter((url) => !url.startsWith(`${svc.url}/`))).toEqual([]);
    expect(requested).toContain(`${svc.url}/assets/htmx.min.js`);
  }, 60_000);
});

describe('a console without operator credentials', () => {
  const temp = tempRoot('tollkit-console-ro-');
  let svc: ConsoleService;

  beforeAll(async () => {
    svc = await startConsoleService(temp.root, { operators: false });
  }, 60_000);
  afterAll(async () => {
    await svc?.close();
    temp.remove();
  });

  it('is read-only: no login, and every action is refused', async () => {
    const home = await (await fetch(`${svc.url}/`)).text();
    expect(home).toContain('Read-only');
    expect((await fetch(`${svc.url}/login`)).status).toBe(403);
    const login = await fetch(`${svc.url}/login`, { method: 'POST', body: new URLSearchParams({ name: 'anna', secret: 'x' }), headers: { origin: svc.url }, redirect: 'manual' });
    expect(login.status).toBe(401);
    const action = await fetch(`${svc.url}/manifests/00000000-0000-4000-8000-000000000000/resubmit`, { method: 'POST', headers: { origin: svc.url, authorization: 'Bearer anything' }, redirect: 'manual' });
    expect(action.status).toBe(403);
    expect(await action.text()).toContain('this console is read-only');
    // A cross-site form post is stopped before anything else (Origin check).
    const crossSite = await fetch(`${svc.url}/login`, { method: 'POST', body: new URLSearchParams({ name: 'a', secret: 'b' }), headers: { origin: 'http://evil.example' }, redirect: 'manual' });
    expect(crossSite.status).toBe(403);
  });
});
