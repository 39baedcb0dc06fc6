/**
 * The conformance case table (issue 16): one case per documented rule, each with its source (a page of Customs'
 * public documentation in the GitHub repository toll/toll.github.io, or Digdir's Maskinporten pages) and the rule's
 * id or heading there. `conformance.test.ts` runs every case against Tollkit's local pre-validation
 * (`@tollkit/messages` / `@tollkit/procedures`) and against the playground over plain HTTP (undici, no Tollkit
 * client); `scripts/conformance-table.ts` renders the same table as `docs/conformance.md`.
 *
 * Where the documentation is silent the case says which choice was taken (`silent`): the least surprising and least
 * revealing one.
 */
import { X509Certificate, randomUUID } from 'node:crypto';
import { SignJWT, importPKCS8 } from 'jose';
import { type FieldError, type ValidationErrorListItem, findIgnoredFields, validateNotification } from '@tollkit/messages';
import type { Playground } from '../../src/index.js';
import { BASE, CARRIER_ID, VALID_CUDE, house, instant, transport } from '../support/bodies.js';
import { ORG_A, arrivedHouse, create, post, status, submit } from '../support/flow.js';
import { call, pollStatus } from '../support/http.js';

/** Where a rule is written down. */
export interface RuleSource {
  /** Page path in toll/toll.github.io (`api/mo/…`) or a docs.digdir.no page. */
  page: string;
  /** The rule's id or heading on that page. */
  rule: string;
}

/** What a body should get. `errors` must each be in the answer (other findings may accompany them). */
export type Expectation =
  | { outcome: 'accepted' }
  | { outcome: 'rejected'; errors: FieldError[] }
  | { outcome: 'failure'; errors: ValidationErrorListItem[] };

/** Everything a protocol case's checks may use. */
export interface CaseEnv {
  pg: Playground;
  tokenA: string;
  tokenB: string;
  unique: (prefix: string) => string;
}

type Level = 'transport' | 'master-consignment' | 'house-consignment';

export interface ConformanceCase {
  /** Stable id: `<area>-<n>`. */
  id: string;
  /** The rule, in one sentence. */
  rule: string;
  source: RuleSource;
  /** The item of issue 16 it settles, when it does. */
  issueItem?: number;
  /** The choice taken where the documentation is silent. */
  silent?: string;
  /** What the adapter does about it (written, not executed). */
  adapter: string;
  check:
    | { kind: 'notification'; mode: 'road' | 'air'; level: Level; body: (now: number, unique: (p: string) => string) => Record<string, unknown>; expect: Expectation }
    | { kind: 'request-body'; requestKind: 'delete' | 'presentation/house-consignment' | 'arrival'; body: (now: number) => unknown; expect: Expectation & { outcome: 'rejected' } ; send: (env: CaseEnv, body: unknown) => Promise<{ status: number; body: any }> }
    | {
        kind: 'protocol';
        /** What local pre-validation does (table text). */
        localText: string;
        /** An executable local check, when there is one. */
        local?: () => void | Promise<void>;
        /** What the playground answers (table text). */
        playgroundText: string;
        playground: (env: CaseEnv) => Promise<void>;
      };
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

function failure(description: string, messageElementPath: string): ValidationErrorListItem {
  return { description, pointer: { messageElementPath } };
}

const HOUR = 3600_000;
const T = 'api/mo/';

function roadTransport(now: number, unique: (p: string) => string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...transport('road', { now, meansId: unique('CF').slice(0, 12) }), ...over };
}

function setPath(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  let o: Record<string, unknown> = body;
  for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
  const last = parts[parts.length - 1] as string;
  if (value === undefined) delete o[last];
  else o[last] = value;
  return body;
}

function houseWith(now: number, unique: (p: string) => string, path: string, value: unknown): Record<string, unknown> {
  return setPath(house({ now, documentNumber: unique('CH'), master: { documentNumber: 'CONF-M' } }), path, value);
}

/** Signs a Maskinporten grant for the demo client with a chosen header and iat. */
async function grant(pg: Playground, o: { header: 'x5c' | 'kid'; issuer: string; iatOffsetSeconds?: number }): Promise<string> {
  const key = await importPKCS8(pg.demoClient.keyPem, 'RS256');
  const iat = Math.floor(pg.clock.now() / 1000) + (o.iatOffsetSeconds ?? 0);
  const header = o.header === 'kid' ? { alg: 'RS256', kid: pg.demoClient.kid } : { alg: 'RS256', x5c: [new X509Certificate(pg.demoClient.certificatePem).raw.toString('base64')] };
  return new SignJWT({ scope: 'toll:movement/road/v2' })
    .setProtectedHeader(header)
    .setIssuer(o.issuer)
    .setAudience(pg.maskinporten.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 100)
    .setJti(randomUUID())
    .sign(key);
}

function tokenRequest(pg: Playground, assertion: string) {
  return call(pg.url, 'POST', '/maskinporten/token', { form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion } });
}

const A = 'asynkrone-valideringsfeil-EN.html';
const S = 'synkrone-valideringsfeil-EN.html';

export const CASES: readonly ConformanceCase[] = [
  // ---- transport arrival times --------------------------------------------------------------------------------
  {
    id: 'T-1',
    rule: 'At first submit (POST) estimatedDateAndTimeOfArrival and scheduledDateAndTimeOfArrival must be identical',
    source: { page: `${T}mo-obligatorisk-2024-04-EN.html`, rule: 'Message for Transport: estimatedDateAndTimeOfArrival / scheduledDateAndTimeOfArrival' },
    issueItem: 1,
    silent: 'No error text is published: FAILURE "At first submit (POST), estimatedDateAndTimeOfArrival and scheduledDateAndTimeOfArrival must be identical" at estimatedDateAndTimeOfArrival (asynchronous, like B1–B5). A PUT may change the estimate.',
    adapter: 'Rejects the transport row at planning (local pre-validation, checked as a first submit); the manifest mapping copies the scheduled time into the estimate when the estimate is not mapped.',
    check: {
      kind: 'notification', mode: 'road', level: 'transport',
      body: (now, u) => roadTransport(now, u, { estimatedDateAndTimeOfArrival: instant(now + HOUR), scheduledDateAndTimeOfArrival: instant(now + 2 * HOUR) }),
      expect: { outcome: 'failure', errors: [failure('At first submit (POST), estimatedDateAndTimeOfArrival and scheduledDateAndTimeOfArrival must be identical', 'estimatedDateAndTimeOfArrival')] },
    },
  },
  {
    id: 'T-2',
    rule: 'An update (PUT) may move the estimate away from the scheduled time, which itself cannot change',
    source: { page: `${T}mo-obligatorisk-2024-04-EN.html`, rule: 'The difference between scheduled and estimated time of arrival' },
    issueItem: 1,
    adapter: 'Sends a changed ERP estimate as a PUT on the stored MRN.',
    check: {
      kind: 'protocol',
      localText: 'checkNotificationRules(…, { operation: "update" }) does not apply the first-submit rule',
      local: async () => {
        const { checkNotificationRules } = await import('@tollkit/messages');
        const now = Date.now();
        const body = { ...transport('road', { now, meansId: 'CFPUT1' }), estimatedDateAndTimeOfArrival: instant(now + HOUR), scheduledDateAndTimeOfArrival: instant(now + 2 * HOUR) };
        expectEqual(await checkNotificationRules('transport', body, 'road', { now, operation: 'update' }), [], 'update rules');
      },
      playgroundText: 'PUT with estimated ≠ scheduled: SUCCESS',
      playground: async ({ pg, tokenA, unique }) => {
        const now = pg.clock.now();
        const meansId = unique('CFP').slice(0, 12);
        const eta = now + 2 * HOUR;
        const mrn = await create(pg, tokenA, 'road', 'transport', transport('road', { now, etaMs: eta, meansId }));
        const put = await call(pg.url, 'PUT', `${BASE.road.submit}/transport/${mrn}`, {
          token: tokenA,
          json: { ...transport('road', { now, etaMs: eta, meansId }), estimatedDateAndTimeOfArrival: instant(eta + HOUR) },
        });
        expectEqual(put.status, 202, 'PUT status');
        expectEqual((await status(pg, tokenA, 'road', 'transport', put.body.requestId)).body.status, 'SUCCESS', 'PUT validation');
      },
    },
  },
  {
    id: 'T-3',
    rule: 'B1 scheduledDateAndTimeOfArrival should be present',
    source: { page: `${T}mo-valideringsfeil-EN.html`, rule: 'transport: scheduledDateAndTimeOfArrival should be present' },
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'transport',
      body: (now, u) => setPath(roadTransport(now, u), 'scheduledDateAndTimeOfArrival', undefined),
      expect: { outcome: 'failure', errors: [failure('scheduledDateAndTimeOfArrival should be present', 'scheduledDateAndTimeOfArrival')] },
    },
  },
  {
    id: 'T-4',
    rule: 'B3 estimatedDateAndTimeOfArrival should be present',
    source: { page: `${T}mo-valideringsfeil-EN.html`, rule: 'transport: estimatedDateAndTimeOfArrival should be present' },
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'transport',
      body: (now, u) => setPath(roadTransport(now, u), 'estimatedDateAndTimeOfArrival', undefined),
      expect: { outcome: 'failure', errors: [failure('estimatedDateAndTimeOfArrival should be present', 'estimatedDateAndTimeOfArrival')] },
    },
  },
  {
    id: 'T-5',
    rule: 'B4 estimatedDateAndTimeOfArrival has already passed',
    source: { page: `${T}mo-valideringsfeil-EN.html`, rule: 'transport: estimatedDateAndTimeOfArrival has already passed' },
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'transport',
      body: (now, u) => roadTransport(now, u, { estimatedDateAndTimeOfArrival: instant(now - HOUR), scheduledDateAndTimeOfArrival: instant(now - HOUR) }),
      expect: { outcome: 'failure', errors: [failure('estimatedDateAndTimeOfArrival has already passed', 'estimatedDateAndTimeOfArrival')] },
    },
  },
  {
    id: 'T-6',
    rule: 'B2/B5 arrival times at most one year ahead',
    source: { page: `${T}mo-valideringsfeil-EN.html`, rule: '… cannot be more than one year into the future' },
    adapter: 'Rejects the row at planning with the same texts.',
    check: {
      kind: 'notification', mode: 'road', level: 'transport',
      body: (now, u) => roadTransport(now, u, { estimatedDateAndTimeOfArrival: instant(now + 400 * 24 * HOUR), scheduledDateAndTimeOfArrival: instant(now + 400 * 24 * HOUR) }),
      expect: {
        outcome: 'failure',
        errors: [
          failure('scheduledDateAndTimeOfArrival cannot be more than one year into the future', 'scheduledDateAndTimeOfArrival'),
          failure('estimatedDateAndTimeOfArrival cannot be more than one year into the future', 'estimatedDateAndTimeOfArrival'),
        ],
      },
    },
  },
  {
    id: 'T-7',
    rule: 'B6 road must not send conveyanceReferenceNumber',
    source: { page: `${T}mo-valideringsfeil-EN.html`, rule: 'modeOfTransportCode is 3, then this field should not be provided' },
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'transport',
      body: (now, u) => setPath(roadTransport(now, u), 'activeBorderTransportMeans.conveyanceReferenceNumber', 'SK4411'),
      expect: { outcome: 'failure', errors: [failure('transport.activeBorderTransportMeans.modeOfTransportCode is 3, then this field should not be provided', 'activeBorderTransportMeans.conveyanceReferenceNumber')] },
    },
  },
  {
    id: 'T-8',
    rule: 'A14 customsOfficeOfFirstEntry must be a valid customs office',
    source: { page: `${T}${A}`, rule: 'Must be a valid customs office' },
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'transport',
      body: (now, u) => setPath(roadTransport(now, u), 'customsOfficeOfFirstEntry.referenceNumber', 'NO999999'),
      expect: { outcome: 'failure', errors: [failure('Must be a valid customs office', 'customsOfficeOfFirstEntry.referenceNumber')] },
    },
  },
  // ---- house procedure ------------------------------------------------------------------------------------------
  {
    id: 'H-1',
    rule: 'hasOutgoingProcedure left out counts as true, and true requires outgoingProcedure',
    source: { page: 'api/mo-datakrav-EN.xlsx (history, "Detailed data requirements")', rule: 'consignmentHouseLevel.importProcedure.hasOutgoingProcedure (default true) / outgoingProcedure' },
    issueItem: 2,
    silent: 'No error text is published: FAILURE "Required field when hasOutgoingProcedure is true" at consignmentHouseLevel.importProcedure.outgoingProcedure (A17\'s wording).',
    adapter: 'The builder always sends hasOutgoingProcedure explicitly; a row with the flag true and no outgoing procedure is rejected at planning.',
    check: {
      kind: 'notification', mode: 'road', level: 'house-consignment',
      body: (now, u) => houseWith(now, u, 'consignmentHouseLevel.importProcedure', { importProcedure: 'IMMEDIATE_RELEASE_IMPORT' }),
      expect: { outcome: 'failure', errors: [failure('Required field when hasOutgoingProcedure is true', 'consignmentHouseLevel.importProcedure.outgoingProcedure')] },
    },
  },
  {
    id: 'H-2',
    rule: 'A13 goodsItem only with IMMEDIATE_RELEASE_VOEC',
    source: { page: `${T}${A}`, rule: 'If consignmentHouseLevel.importProcedure.importProcedure is not IMMEDIATE_RELEASE_VOEC, it should not be provided.' },
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'house-consignment',
      body: (now, u) => houseWith(now, u, 'consignmentHouseLevel.goodsItem', [{
        itemAmountInvoicedVOEC: { value: 100, numberOfItems: 1 },
        commodityCodeVOEC: { harmonizedSystemSubheadingCode: '610910' },
        additionalFiscalReferences: { vatIdentificationNumber: '2056550', role: 'FR5' },
      }]),
      expect: { outcome: 'failure', errors: [failure('If consignmentHouseLevel.importProcedure.importProcedure is not IMMEDIATE_RELEASE_VOEC, it should not be provided.', 'consignmentHouseLevel.goodsItem')] },
    },
  },
  {
    id: 'H-3',
    rule: 'A17 a CUDE reference needs declarantNumber, declarationDate and sequenceNumber',
    source: { page: `${T}${A}`, rule: 'Required field when typeReference is CUDE' },
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'house-consignment',
      body: (now, u) => houseWith(now, u, 'consignmentHouseLevel.previousDocuments', [{ typeOfReference: 'CUDE', declarantNumber: '123456789', declarationDate: '2022-08-10' }]),
      expect: { outcome: 'failure', errors: [failure('Required field when typeReference is CUDE', 'consignmentHouseLevel.previousDocuments[0].sequenceNumber')] },
    },
  },
  {
    id: 'H-4',
    rule: 'A19 at most one CUDE',
    source: { page: `${T}${A}`, rule: 'PreviousDocuments can only contain one document of type CUDE' },
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'house-consignment',
      body: (now, u) => houseWith(now, u, 'consignmentHouseLevel.previousDocuments', [VALID_CUDE, { ...VALID_CUDE, sequenceNumber: '2' }]),
      expect: { outcome: 'failure', errors: [failure('PreviousDocuments can only contain one document of type CUDE', 'consignmentHouseLevel.previousDocuments')] },
    },
  },
  {
    id: 'H-5',
    rule: 'A2 countries are ISO 3166 alpha-2',
    source: { page: `${T}${A}`, rule: 'Country is invalid' },
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'house-consignment',
      body: (now, u) => houseWith(now, u, 'consignmentHouseLevel.consignor.address.country', 'XX'),
      expect: { outcome: 'failure', errors: [failure('Country is invalid', 'consignmentHouseLevel.consignor.address.country')] },
    },
  },
  {
    id: 'H-6',
    rule: 'Synchronous: a required text must not be blank',
    source: { page: `${T}${S}`, rule: 'must not be blank' },
    adapter: 'Rejects the row at planning with the same field and text.',
    check: {
      kind: 'notification', mode: 'road', level: 'house-consignment',
      body: (now, u) => houseWith(now, u, 'consignmentHouseLevel.goodsDescription', ''),
      expect: { outcome: 'rejected', errors: [{ field: 'consignmentHouseLevel.goodsDescription', error: 'must not be blank' }] },
    },
  },
  {
    id: 'H-7',
    rule: 'Synchronous: instants are yyyy-MM-ddTHH:mm:ssZ',
    source: { page: `${T}${S}`, rule: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' },
    adapter: 'Formats every instant itself (UTC, seconds, Z); a bad manifest date is rejected at mapping.',
    check: {
      kind: 'notification', mode: 'road', level: 'house-consignment',
      body: (now, u) => houseWith(now, u, 'documentIssueDate', new Date(now).toISOString()),
      expect: { outcome: 'rejected', errors: [{ field: 'documentIssueDate', error: 'invalid ISO-8601 instant in UTC (yyyy-MM-ddTHH:mm:ssZ)' }] },
    },
  },
  // ---- direct consignment ----------------------------------------------------------------------------------------
  {
    id: 'D-1',
    rule: 'A transport lists direct houses under consignmentMasterLevel → consignmentHouseLevel → transportDocumentHouseLevel',
    source: { page: `${T}mo-vei-endringer-v1-v2.html (history)`, rule: 'Transport v2: added consignmentMasterLevel→consignmentHouseLevel→transportDocumentHouseLevel' },
    issueItem: 3,
    silent: 'An entry that carries only direct houses needs no transportDocumentMasterLevel; an entry with neither reports transportDocumentMasterLevel "must not be null".',
    adapter: 'The manifest profiles link houses through masters; a transport with direct houses is built in the documented nesting.',
    check: {
      kind: 'notification', mode: 'road', level: 'transport',
      body: (now, u) => roadTransport(now, u, { consignmentMasterLevel: [{ consignmentHouseLevel: [{ transportDocumentHouseLevel: { documentNumber: u('DH'), type: 'N730' } }] }] }),
      expect: { outcome: 'accepted' },
    },
  },
  {
    id: 'D-2',
    rule: 'A direct consignment carries the carrier id (tranportLevel.carrierIdentificationNumber)',
    source: { page: `${T}kobling-oppdatering-og-sletting-EN.html`, rule: 'Linking between Transport and House Consignment – without using Master Consignment' },
    issueItem: 3,
    silent: 'No error text is published: FAILURE "Required field when directConsignment is true" at consignmentHouseLevel.transportLevel.carrierIdentificationNumber. The JSON key is spelt transportLevel (the page\'s "tranportLevel" is read too).',
    adapter: 'Rejects the row at planning with the same text.',
    check: {
      kind: 'notification', mode: 'road', level: 'house-consignment',
      body: (now, u) => {
        const b = house({ now, documentNumber: u('DH') });
        (b['consignmentHouseLevel'] as Record<string, unknown>)['directConsignment'] = true;
        return b;
      },
      expect: { outcome: 'failure', errors: [failure('Required field when directConsignment is true', 'consignmentHouseLevel.transportLevel.carrierIdentificationNumber')] },
    },
  },
  {
    id: 'D-3',
    rule: 'A direct house links to the transport only when its carrier id equals the transport\'s; the root-level list is not a documented shape',
    source: { page: `${T}kobling-oppdatering-og-sletting-EN.html`, rule: 'For the link to be correct, the carrier\'s identifier must be the same in the house consignment message and the transport message' },
    issueItem: 3,
    silent: 'A house with another carrier id stays unlinked (like a master with another carrier); a root-level consignmentHouseLevel[] on the transport is an unknown member and ignored.',
    adapter: 'Builds direct houses with the transport\'s carrier id.',
    check: {
      kind: 'protocol',
      localText: 'findIgnoredFields reports a root-level consignmentHouseLevel on the transport as ignored',
      local: () => {
        const now = Date.now();
        const body = { ...transport('road', { now, meansId: 'CFROOT' }), consignmentHouseLevel: [{ transportDocumentHouseLevel: { documentNumber: 'X', type: 'N730' } }] };
        const r = validateNotification('transport', body, 'road');
        if (!r.ok) throw new Error(`transport refused: ${JSON.stringify(r.errors)}`);
        expectEqual(findIgnoredFields(body, r.value).includes('consignmentHouseLevel'), true, 'root list ignored');
      },
      playgroundText: 'status-with-descendants lists the matching direct house only; the root list and a house with another carrier id are not linked',
      playground: async ({ pg, tokenA, unique }) => {
        const now = pg.clock.now();
        const [good, other, root] = [unique('DG'), unique('DO'), unique('DR')];
        const direct = (documentNumber: string, carrierId: string) => {
          const b = house({ now, documentNumber });
          Object.assign(b['consignmentHouseLevel'] as Record<string, unknown>, { directConsignment: true, transportLevel: { carrierIdentificationNumber: carrierId } });
          return b;
        };
        await create(pg, tokenA, 'road', 'house-consignment', direct(good, CARRIER_ID));
        await create(pg, tokenA, 'road', 'house-consignment', direct(other, 'NO111222333'));
        await create(pg, tokenA, 'road', 'house-consignment', direct(root, CARRIER_ID));
        const t = await create(pg, tokenA, 'road', 'transport', {
          ...transport('road', { now, meansId: unique('DT').slice(0, 12) }),
          consignmentMasterLevel: [{ consignmentHouseLevel: [good, other].map((documentNumber) => ({ transportDocumentHouseLevel: { documentNumber, type: 'N730' } })) }],
          consignmentHouseLevel: [{ transportDocumentHouseLevel: { documentNumber: root, type: 'N730' } }],
        });
        const tree = await call(pg.url, 'GET', `${BASE.road.query}/transport/${t}/status-with-descendants`, { token: tokenA });
        expectEqual((tree.body.houseConsignments ?? []).map((h: { documentNumber: string }) => h.documentNumber), [good], 'direct houses');
      },
    },
  },
  // ---- presentation, lookup, DELETE ---------------------------------------------------------------------------
  {
    id: 'P-1',
    rule: 'The customs office of presentation is validated against the EU customs office code set',
    source: { page: `${T}movement-presentation-api.html (API description)`, rule: 'Customs Office of Presentation is validated against the EU code set' },
    issueItem: 4,
    silent: 'Synchronous 400 with A14\'s text "Must be a valid customs office" at customsOfficeOfPresentation (the other presentation references are checked synchronously). Norwegian offices against CL141, EU offices by country code + 6 characters (the EU list is not bundled). The same check applies to customsOfficeOfArrival.',
    adapter: 'Presents with the office from the partner\'s configuration, checked by the same schema before sending.',
    check: {
      kind: 'request-body', requestKind: 'presentation/house-consignment',
      body: () => ({ requestId: randomUUID(), customsOfficeOfPresentation: 'XX000000', consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'HC001', type: 'N740' } } }),
      send: ({ pg, tokenA }, body) => call(pg.url, 'POST', '/api/movement/presentation/v1/house-consignment', { token: tokenA, json: body }),
      expect: { outcome: 'rejected', errors: [{ field: 'customsOfficeOfPresentation', error: 'Must be a valid customs office' }] },
    },
  },
  {
    id: 'P-2',
    rule: 'Only consignments expected to be presented (pre-notified) can be presented; presenting one whose notification is rejected fails asynchronously',
    source: { page: `${T}fremlegging-og-kontrolldirigering-EN.html`, rule: 'Service for Presentation — "can be reported for consignments pre-notified …, i.e., consignments expected to be presented"' },
    silent: 'Customs does not list the presentation\'s asynchronous errors. The playground judges pre-notification like its other state rules, when the request is processed (in submission order): a house whose notification Customs holds but has not validated yet is accepted (202); if that notification is rejected (or a presented house is deleted or cancelled before processing) the presentation is a FAILURE "House consignment with documentNumber … and type … is not pre-notified: …" at consignmentHouseLevel.transportDocumentHouseLevel.documentNumber. A reference Customs holds nothing of stays a synchronous 400.',
    adapter: 'Polls the presentation\'s validation status; a FAILURE makes the row REJECTED with Customs\' text in the result file (test/e2e/presentation-failure.test.ts).',
    check: {
      kind: 'protocol',
      localText: 'not applicable (needs Customs\' state)',
      playgroundText: '202, then FAILURE for a house whose pending notification is rejected; SUCCESS once a pending one is accepted',
      playground: async ({ pg, tokenA, unique }) => {
        pg.setFaults({ validationDelayMs: 300 });
        try {
          const presentHouse = async (documentNumber: string) => {
            const answer = await call(pg.url, 'POST', '/api/movement/presentation/v1/house-consignment', {
              token: tokenA,
              json: { requestId: randomUUID(), customsOfficeOfPresentation: 'NO351001', consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber, type: 'N730' } } },
            });
            expectEqual(answer.status, 202, `presentation of ${documentNumber} while its notification is pending`);
            return answer.body.requestId as string;
          };
          const rejected = unique('P2R');
          const accepted = unique('P2A');
          // B9: TVINN sequence 11 is unknown, so Customs rejects this house asynchronously.
          await post(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: rejected, master: { documentNumber: 'CONF-M' }, previousDocuments: [{ ...VALID_CUDE, sequenceNumber: '11' }] }));
          await post(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: accepted, master: { documentNumber: 'CONF-M' } }));
          const failed = await pollStatus(pg.url, `/api/movement/presentation/v1/validation-status/${await presentHouse(rejected)}`, tokenA);
          const path = 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber';
          expectEqual([failed.status, failed.body.status, failed.body.validationErrorList], [202, 'FAILURE', [failure(`House consignment with documentNumber ${rejected} and type N730 is not pre-notified: there is no active notification of it, and only consignments expected to be presented can be presented`, path)]], 'rejected house');
          const ok = await pollStatus(pg.url, `/api/movement/presentation/v1/validation-status/${await presentHouse(accepted)}`, tokenA);
          expectEqual(ok.body.status, 'SUCCESS', 'accepted house');
        } finally {
          pg.setFaults({});
        }
      },
    },
  },
  {
    id: 'Q-1',
    rule: 'The lookup by document number takes documentNumber, type and carrierId',
    source: { page: `${T}beskrivelse-av-sporre-api-EN.html`, rule: 'The input parameter here is the consignment\'s document number (documentNumber, type, and carrierId)' },
    issueItem: 5,
    silent: 'A missing parameter is a 400 naming it ("must not be blank"). A postal house that names no carrier is found with its master\'s carrier.',
    adapter: 'After a lost POST answer the adapter looks the house up with its master\'s (or direct) carrier id; with none in the draft it sends again and reads the MRN from "already in use". The client refuses a lookup without carrierId (TypeError).',
    check: {
      kind: 'protocol',
      localText: 'digitoll-client findNotification throws TypeError without carrierId (packages/digitoll-client/test/lookup.test.ts)',
      playgroundText: '400 [{field: carrierId, error: must not be blank}] without carrierId; 200 with all three',
      playground: async ({ pg, tokenA, unique }) => {
        const doc = unique('QH');
        await create(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc, master: { documentNumber: 'CONF-M' } }));
        const path = `${BASE.road.query}/house-consignment/transport-document/status?documentNumber=${doc}&type=N730`;
        const without = await call(pg.url, 'GET', path, { token: tokenA });
        expectEqual([without.status, without.body], [400, { validationErrors: [{ field: 'carrierId', error: 'must not be blank' }] }], 'without carrierId');
        expectEqual((await call(pg.url, 'GET', `${path}&carrierId=${CARRIER_ID}`, { token: tokenA })).status, 200, 'with carrierId');
        expectEqual((await call(pg.url, 'GET', `${path}&carrierId=NO000000000`, { token: tokenA })).status, 404, 'another carrier');
      },
    },
  },
  {
    id: 'X-1',
    rule: 'DELETE carries documentIssueDate',
    source: { page: `${T}kobling-oppdatering-og-sletting-EN.html`, rule: 'Deleting/Cancelling Messages (DELETE): follows the same pattern as submission (POST)' },
    issueItem: 7,
    silent: 'A DELETE without a body answers 400 [{field: documentIssueDate, error: must not be null}].',
    adapter: 'The client always sends {documentIssueDate: now}.',
    check: {
      kind: 'request-body', requestKind: 'delete',
      body: () => undefined,
      send: async ({ pg, tokenA, unique }) => {
        const mrn = await create(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: unique('XD'), master: { documentNumber: 'CONF-M' } }));
        return call(pg.url, 'DELETE', `${BASE.road.submit}/house-consignment/${mrn}`, { token: tokenA });
      },
      expect: { outcome: 'rejected', errors: [{ field: 'documentIssueDate', error: 'must not be null' }] },
    },
  },
  {
    id: 'X-2',
    rule: 'The notification API answers 202, 400, 401, 403, 415 or 500 — a PUT/DELETE of an unknown MRN too',
    source: { page: `${T}beskrivelse-av-koblings-api-EN.html`, rule: 'Response: 202, 400, 401, 403, 415, 500' },
    issueItem: 10,
    silent: 'An unknown, cancelled or another organisation\'s MRN is accepted (202) and its validation status is FAILURE "No active <level> notification with MRN <mrn> for this organisation" at mrn — the same text for all three.',
    adapter: 'Polls the request like any other and records the FAILURE on the row.',
    check: {
      kind: 'protocol',
      localText: 'not applicable (depends on what Customs holds)',
      playgroundText: '202, then FAILURE "No active … for this organisation"',
      playground: async ({ pg, tokenA }) => {
        const put = await call(pg.url, 'PUT', `${BASE.road.submit}/house-consignment/26NO0000000000000X`, { token: tokenA, json: house({ now: pg.clock.now(), documentNumber: 'X2' }) });
        expectEqual(put.status, 202, 'PUT status');
        expectEqual((await status(pg, tokenA, 'road', 'house-consignment', put.body.requestId)).body.validationErrorList, [
          failure('No active house-consignment notification with MRN 26NO0000000000000X for this organisation', 'mrn'),
        ], 'PUT validation');
      },
    },
  },
  // ---- Maskinporten ------------------------------------------------------------------------------------------------
  {
    id: 'M-1',
    rule: 'Maskinporten accepts a grant only when iat is less than 10 s away from its clock, either way',
    source: { page: 'docs.digdir.no/docs/Maskinporten/maskinporten_protocol_jwtgrant', rule: 'iat: To allow for clock skew and network delays, Maskinporten will only accept grants where iat is less than 10 seconds away' },
    issueItem: 6,
    adapter: 'Signs each grant just before sending it (@tollkit/maskinporten); `tollkit doctor` reports the clock offset against Maskinporten.',
    check: {
      kind: 'protocol',
      localText: 'not applicable (Tollkit signs with iat = now)',
      playgroundText: 'iat 60 s in the past or 30 s ahead: 400 invalid_grant',
      playground: async ({ pg }) => {
        const past = await tokenRequest(pg, await grant(pg, { header: 'x5c', issuer: pg.demoClient.clientId, iatOffsetSeconds: -60 }));
        expectEqual([past.status, past.body.error], [400, 'invalid_grant'], 'iat 60 s in the past');
        const ahead = await tokenRequest(pg, await grant(pg, { header: 'x5c', issuer: pg.demoClient.clientId, iatOffsetSeconds: 30 }));
        expectEqual([ahead.status, ahead.body.error], [400, 'invalid_grant'], 'iat 30 s ahead');
        const now = await tokenRequest(pg, await grant(pg, { header: 'x5c', issuer: pg.demoClient.clientId }));
        expectEqual(now.status, 200, 'iat now');
      },
    },
  },
  {
    id: 'M-2',
    rule: 'A client with a pre-registered key must name it with kid',
    source: { page: 'docs.digdir.no/docs/Maskinporten/maskinporten_protocol_jwtgrant', rule: '\'kid\' can and must be used by clients having a pre-registered certificate / asymmetric key' },
    issueItem: 6,
    silent: 'The playground registers the demo organisation twice: a business-certificate client (x5c) and a key client (kid), as Maskinporten has them.',
    adapter: 'Uses kid when the configuration gives one (key-id client), x5c for a business certificate.',
    check: {
      kind: 'protocol',
      localText: 'not applicable (the configuration says which the client is)',
      playgroundText: 'x5c grant from the key client: 400 invalid_grant; kid grant: 200',
      playground: async ({ pg }) => {
        const x5c = await tokenRequest(pg, await grant(pg, { header: 'x5c', issuer: pg.demoClient.keyClientId }));
        expectEqual([x5c.status, x5c.body.error], [400, 'invalid_grant'], 'x5c from a key client');
        const kid = await tokenRequest(pg, await grant(pg, { header: 'kid', issuer: pg.demoClient.keyClientId }));
        expectEqual(kid.status, 200, 'kid from the key client');
      },
    },
  },
  // ---- registers Customs consults (simulated from data/reference/) ---------------------------------------------
  {
    id: 'S-1',
    rule: 'B8 a road transport with countryCode NO needs a plate in the Norwegian vehicle register',
    source: { page: `${T}mo-valideringsfeil-EN.html (history)`, rule: 'Could not find identificationNumber in Norwegian Public Roads Administration’s register of motor vehicles' },
    silent: 'Simulated with data/reference/vehicle-register.csv (plates compared without spaces or dashes); on with --vehicle-register / vehicleRegister: true, off by default because test suites make up plates.',
    adapter: 'Cannot check it before sending; the FAILURE comes back on the row with the same text.',
    check: {
      kind: 'protocol',
      localText: 'not checked (needs the vehicle register)',
      playgroundText: 'FAILURE B8 for an unregistered NO plate; SUCCESS for a registered one',
      playground: async ({ unique }) => {
        const { startPlayground } = await import('../../src/index.js');
        const strict = await startPlayground({ port: 0, vehicleRegister: true });
        try {
          const token = await strict.issueCustomsToken({ orgNumber: ORG_A, scopes: ['toll:movement/road/v2'] });
          const plate = (p: string) => {
            const t = transport('road', { now: strict.clock.now(), meansId: unique('S1').slice(0, 10) });
            Object.assign(t['activeBorderTransportMeans'] as Record<string, unknown>, { identificationNumber: p, countryCode: 'NO' });
            return t;
          };
          const unknown = await submit(strict, token, 'road', 'transport', plate('ZZ99999'));
          expectEqual(unknown.validationErrorList, [failure('Could not find identificationNumber in Norwegian Public Roads Administration’s register of motor vehicles', 'activeBorderTransportMeans.identificationNumber')], 'unregistered plate');
          expectEqual((await submit(strict, token, 'road', 'transport', plate('CD 34567'))).status, 'SUCCESS', 'registered plate');
        } finally {
          await strict.close();
        }
      },
    },
  },
  {
    id: 'S-2',
    rule: 'A4/A5 (road) an AES or EIDR export must be known and released, not exited',
    source: { page: `${T}${A}`, rule: 'Road transport only (road-API): Export of type AES_EXPORT / EIDR_EXPORT not found or has wrong status in AES' },
    silent: 'Simulated with data/reference/export-declarations.csv: only RELEASED exports pass (the road example\'s exports are there).',
    adapter: 'Cannot check it before sending; the FAILURE comes back on the row with the same text.',
    check: {
      kind: 'protocol',
      localText: 'not checked (needs AES/EIDR)',
      playgroundText: 'FAILURE A4/A5 for an unknown, not released or exited export; SUCCESS for a released one',
      playground: async ({ pg, tokenA, unique }) => {
        const withExport = (typeOfExport: string, exportId: string) => {
          const h = house({ now: pg.clock.now(), documentNumber: unique('S2'), master: { documentNumber: 'CONF-M' }, importProcedure: { importProcedure: 'IMMEDIATE_RELEASE_IMPORT', outgoingProcedure: 'EXP', hasOutgoingProcedure: true } });
          (h['consignmentHouseLevel'] as Record<string, unknown>)['exportFromEU'] = [{ typeOfExport, exportId }];
          return h;
        };
        const path = 'consignmentHouseLevel.exportFromEU[0].exportId';
        expectEqual((await submit(pg, tokenA, 'road', 'house-consignment', withExport('AES_EXPORT', '30SE0123456789ABCG'))).validationErrorList, [failure('Export of type AES_EXPORT is not found or has wrong status in AES.', path)], 'exited AES export');
        expectEqual((await submit(pg, tokenA, 'road', 'house-consignment', withExport('EIDR_EXPORT', '24SE01234567ZZZAEZ'))).validationErrorList, [failure('Export of type EIDR_EXPORT is not found or has wrong status in AES.', path)], 'unknown EIDR export');
        expectEqual((await submit(pg, tokenA, 'road', 'house-consignment', withExport('AES_EXPORT', '30SE0123456789ABCD'))).status, 'SUCCESS', 'released AES export');
      },
    },
  },
  {
    id: 'S-3',
    rule: 'B9/B10 the CUDE declaration must exist and be in a state the goods can follow',
    source: { page: `${T}mo-valideringsfeil-EN.html (history)`, rule: 'Customs declaration is not valid / Customs declaration is in wrong state' },
    silent: 'Simulated with data/reference/tvinn-declarations.csv: OPEN passes, COMPLETED and CANCELLED answer B10, anything else B9.',
    adapter: 'Cannot check it before sending; the FAILURE comes back on the row with the same text.',
    check: {
      kind: 'protocol',
      localText: 'not checked (needs TVINN)',
      playgroundText: 'FAILURE B10 for a completed declaration, B9 for an unknown one',
      playground: async ({ pg, tokenA, unique }) => {
        const withSeq = (sequenceNumber: string) => house({ now: pg.clock.now(), documentNumber: unique('S3'), master: { documentNumber: 'CONF-M' }, previousDocuments: [{ ...VALID_CUDE, sequenceNumber }] });
        const path = 'consignmentHouseLevel.previousDocuments[0]';
        expectEqual((await submit(pg, tokenA, 'road', 'house-consignment', withSeq('90'))).validationErrorList, [failure('Customs declaration is in wrong state', path)], 'completed');
        expectEqual((await submit(pg, tokenA, 'road', 'house-consignment', withSeq('11'))).validationErrorList, [failure('Customs declaration is not valid', path)], 'unknown');
      },
    },
  },
  {
    id: 'S-4',
    rule: 'The arrival API must not be used without Customs\' specific authorisation',
    source: { page: `${T}beskrivelse-av-ankomst-api-EN.html`, rule: 'it must not be used without specific authorization from Norwegian Customs' },
    silent: 'Simulated with data/reference/arrival-authorisations.csv (the demo organisation): anyone else gets 403 insufficient_scope; an authorised organisation reports only its own transports (another party\'s MRN answers like an unknown one).',
    adapter: 'Does not use the arrival API; arrivals come from Customs.',
    check: {
      kind: 'protocol',
      localText: 'not applicable',
      playgroundText: '403 for an organisation without the authorisation',
      playground: async ({ pg, tokenA, tokenB, unique }) => {
        const t = await create(pg, tokenA, 'road', 'transport', transport('road', { now: pg.clock.now(), meansId: unique('S4').slice(0, 12) }));
        const refused = await call(pg.url, 'POST', '/api/movement/arrival/v1', { token: tokenB, json: { transportMRN: t, timeOfArrival: instant(pg.clock.now()), customsOfficeOfArrival: 'NO371001' } });
        expectEqual(refused.status, 403, 'unauthorised organisation');
      },
    },
  },
  {
    id: 'S-5',
    rule: 'The transport\'s party may read the routing of every consignment on the transport (transport-level feed)',
    source: { page: `${T}fremlegging-og-kontrolldirigering-EN.html`, rule: 'Who Can Request Routing? — the transport\'s submitter or representative' },
    silent: 'GET /api/movement/routing/v1/transport (named only in vendor code; seed 001: "for some parties, the service for routing at transport level may be relevant"): the house feed\'s items and markers, restricted to houses on transports the caller submitted or represents, for organisations Customs gave the service (data/reference/transport-routing-entitlements.csv, the demo organisation); anyone else gets 403 insufficient_scope.',
    adapter: 'With digitoll.transportRouting: true it follows the transport feed beside the house feed (own marker), writing transport routing files to the outbox of the channel that notified the transport; a 403 is logged once, shown in /healthz and the console, and the feed is not asked again for an hour.',
    check: {
      kind: 'protocol',
      localText: 'not applicable',
      playgroundText: 'the transport\'s submitter sees the houses of other submitters on its transport; an organisation without the service gets 403',
      playground: async ({ pg, tokenA, tokenB, unique }) => {
        const { houseNumber: h } = await arrivedHouse(pg, tokenA, tokenB, unique);
        const feed = await call(pg.url, 'GET', '/api/movement/routing/v1/transport', { token: tokenA });
        expectEqual(feed.body.filter((i: any) => i.transportDocumentHouseLevel.referenceNumber === h).length, 1, 'house on the caller\'s transport');
        expectEqual((await call(pg.url, 'GET', '/api/movement/routing/v1/transport', { token: tokenB })).status, 403, 'organisation without the transport-level service');
      },
    },
  },
  // ---- isolation and documented shapes -------------------------------------------------------------------------
  {
    id: 'I-1',
    rule: 'Only the parties of a notification may read it',
    source: { page: `${T}fremlegging-og-kontrolldirigering-EN.html`, rule: 'Who Can Request Routing?' },
    issueItem: 9,
    silent: 'The query pages do not say who may read a status: the routing page\'s parties (submitter or representative of the notification, of its master or transport; presenters of a house) may; anyone else gets the 404 an unknown MRN gets.',
    adapter: 'Queries only its own MRNs.',
    check: {
      kind: 'protocol',
      localText: 'not applicable',
      playgroundText: 'status-with-descendants and document status: 200 for the submitter, 404 for another organisation',
      playground: async ({ pg, tokenA, tokenB, unique }) => {
        const now = pg.clock.now();
        const t = await create(pg, tokenA, 'road', 'transport', transport('road', { now, meansId: unique('IT').slice(0, 12) }));
        expectEqual((await call(pg.url, 'GET', `${BASE.road.query}/transport/${t}/status-with-descendants`, { token: tokenA })).status, 200, 'submitter');
        const other = await call(pg.url, 'GET', `${BASE.road.query}/transport/${t}/status-with-descendants`, { token: tokenB });
        expectEqual(other.status, 404, 'another organisation');
        const h = await create(pg, tokenA, 'road', 'house-consignment', house({ now, documentNumber: unique('IH'), master: { documentNumber: 'CONF-M' } }));
        expectEqual((await call(pg.url, 'GET', `${BASE.road.query}/house-consignment/${h}/transport-document/status`, { token: tokenB })).status, 404, 'house of another organisation');
      },
    },
  },
  {
    id: 'I-2',
    rule: '"Already in use" does not reveal another organisation\'s MRN',
    source: { page: `${T}fremlegging-og-kontrolldirigering-EN.html`, rule: 'Who Can Request Routing? (parties only)' },
    issueItem: 9,
    silent: 'Customs publishes no "already in use" text. Its own organisation reads "… is already in use by MRN <mrn>"; another reads "… is already in use".',
    adapter: 'Adopts the named MRN after a lost POST answer (its own); without an MRN the row stays rejected with the text.',
    check: {
      kind: 'protocol',
      localText: 'not applicable (depends on what Customs holds)',
      playgroundText: 'FAILURE without the MRN for another organisation',
      playground: async ({ pg, tokenA, tokenB, unique }) => {
        const doc = unique('IU');
        await create(pg, tokenA, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
        const second = await submit(pg, tokenB, 'road', 'house-consignment', house({ now: pg.clock.now(), documentNumber: doc }));
        expectEqual(second.validationErrorList, [
          failure(`transportDocumentHouseLevel with documentNumber ${doc} and type N730 is already in use`, 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber'),
        ], 'another organisation');
      },
    },
  },
  {
    id: 'R-1',
    rule: 'Routing items carry the documented members only',
    source: { page: `${T}fremlegging-og-kontrolldirigering-EN.html`, rule: 'Routing Signal (routing, routingControlLocation, identifier)' },
    issueItem: 10,
    silent: 'No transportMRN and no transportDocumentHouseLevel.documentNumber (referenceNumber + type is the house key).',
    adapter: 'Reads referenceNumber (documentNumber as a fallback) and the routingResult.',
    check: {
      kind: 'protocol',
      localText: 'routingItemSchema keeps unknown members (lenient)',
      playgroundText: 'items hold transportDocumentHouseLevel{referenceNumber,type}, entrySummaryDeclarationMRN, receptacleId, routingResult, and the transport\'s times and means',
      playground: async ({ pg, tokenA, unique }) => {
        const { houseNumber: doc } = await arrivedHouse(pg, tokenA, tokenA, unique);
        const feed = await call(pg.url, 'GET', '/api/movement/routing/v1/house-consignment', { token: tokenA });
        const item = feed.body.find((i: any) => i.transportDocumentHouseLevel.referenceNumber === doc);
        expectEqual(Object.keys(item.transportDocumentHouseLevel).sort(), ['referenceNumber', 'type'], 'house key members');
        expectEqual('transportMRN' in item, false, 'transportMRN absent');
      },
    },
  },
];

