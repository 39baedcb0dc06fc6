import type { DocumentStatusItem, EntryStatus, MasterStatusWithDescendants, StatusWithDescendants, ValidationStatus } from '@tollkit/messages';
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { scopeFor, type TransportMode } from './endpoints.js';
import { findNotification, type FindNotificationInput, type FoundNotification } from './find-notification.js';
import { getEntryStatus } from './get-entry-status.js';
import { getValidationStatus, type ValidationTarget } from './get-validation-status.js';
import { cancelNotification, type CancelOutcome } from './cancel-notification.js';
import { deleteNotification, type DeleteNotificationInput } from './delete-notification.js';
import type { ClientContext, DigitollEvent, GetToken } from './lib/context.js';
import { present, type PresentInput } from './present.js';
import {
  getHouseConsignmentStatus,
  getMasterStatusWithDescendants,
  getTransportStatusWithDescendants,
  listDocumentStatuses,
} from './query-notifications.js';
import { createRelation, deleteRelation } from './relation.js';
import { followRouting, getRoutingPage, type FollowRoutingOptions, type RoutingFeed, type RoutingPage } from './routing.js';
import { submitArrival } from './submit-arrival.js';
import { submitBatch, type BatchItem, type BatchItemResult, type BatchOptions } from './submit-batch.js';
import { submitNotification, type SubmitNotificationInput, type SubmitOutcome } from './submit-notification.js';
import { testAuth } from './test-auth.js';
import { updateNotification, type UpdateNotificationInput } from './update-notification.js';
import { uploadDocument, type UploadDocumentInput } from './upload-document.js';
import { waitForValidation, type PendingRequest, type ValidationResult, type WaitOptions } from './wait-for-validation.js';

/** The serialisable client settings; the app validates its config with this schema. */
export const digitollClientSettingsSchema = z.object({
  /** `https://api-test.toll.no`, `https://api.toll.no` or the playground's URL. */
  baseUrl: z.url({ message: 'baseUrl must be an absolute URL such as https://api-test.toll.no' }),
  /** `national` (toll:…) or `foreign` (toll:eu/…). */
  scopeFamily: z.enum(['national', 'foreign']).default('national'),
  /** Attempts per idempotent call (and per unknown-outcome POST), 1..10. */
  maxAttempts: z.number().int().min(1).max(10).default(4),
  /** Repeats after HTTP 429 (the request was not processed), counted apart from maxAttempts. */
  maxRateLimitRetries: z.number().int().min(0).max(100).default(10),
  /** Longest Retry-After honoured as given, in ms; longer ones are capped to this. */
  maxRetryAfterMs: z.number().int().min(0).max(3_600_000).default(120_000),
  /** First back-off delay in ms, doubled per attempt with jitter. */
  baseDelayMs: z.number().int().min(0).max(60_000).default(500),
  /** Longest back-off delay in ms. */
  maxDelayMs: z.number().int().min(0).max(600_000).default(30_000),
  /** Per-request timeout in ms. */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Wait before looking a POST up after its answer was lost (validation takes 1–2 s). */
  lookupDelayMs: z.number().int().min(0).max(600_000).default(2_000),
  /** Scope for the arrival API (unpublished; given by Customs with the permission). Default: the road scope. */
  arrivalScope: z.string().min(1).optional(),
  userAgent: z.string().min(1).default('tollkit-digitoll-client/0.1'),
});

/** See {@link digitollClientSettingsSchema}. */
export type DigitollClientSettings = z.input<typeof digitollClientSettingsSchema>;

/** Options of {@link createDigitollClient}. */
export interface DigitollClientOptions extends DigitollClientSettings {
  /** Customs token per scope, e.g. `createTokenProvider(…).getToken` from `@tollkit/maskinporten`. */
  readonly getToken: GetToken;
  readonly dispatcher?: Dispatcher | undefined;
  readonly now?: (() => number) | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly random?: (() => number) | undefined;
  readonly onEvent?: ((event: DigitollEvent) => void) | undefined;
}

/** Every Digitoll API of docs/digitoll.md §4, bound to one base URL and token function. */
export interface DigitollClient {
  /**
   * POSTs a new notification. A POST is never re-sent blindly: after a lost answer or a 5xx the notification is
   * first looked up by document number (masters and houses); only when Customs does not know it is it sent again.
   * A 429 is repeated after `Retry-After` (the request was not processed). A 400 throws `ValidationRejectedError`.
   * For a transport, whose outcome cannot be looked up, an unknown outcome throws `OutcomeUnknownError`.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const body: Record<string, unknown>; // a house consignment (buildHouseConsignment of the messages package)
   * const pending: string[] = [];
   * const outcome = await client.submitNotification({ mode: 'road', level: 'house-consignment', body });
   * if (outcome.status === 'accepted') pending.push(outcome.requestId);
   */
  submitNotification(input: SubmitNotificationInput): Promise<SubmitOutcome>;
  /**
   * PUTs a full replacement of a notification; returns the new `requestId` to poll. PUT is idempotent (the same
   * full body), so it is retried on 5xx and network errors; the last requestId is the one that counts.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const body: Record<string, unknown>; // the changed transport
   * declare const mrn: string; // the MRN Customs gave it
   * const { requestId } = await client.updateNotification({ mode: 'air', level: 'transport', mrn, body });
   */
  updateNotification(input: UpdateNotificationInput): Promise<{ requestId: string }>;
  /**
   * Cancels a notification (`DELETE …/{level}/{MRN}` with body `{documentIssueDate}`); returns the `requestId` to
   * poll. Retried on 5xx and network errors. When a repeat finds the MRN gone after a try whose answer was lost,
   * this throws `DIGITOLL_NOT_FOUND` saying so; `cancelNotification` returns that case as a result instead.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const mrn: string;
   * const { requestId } = await client.deleteNotification({ mode: 'rail', level: 'master-consignment', mrn });
   */
  deleteNotification(input: DeleteNotificationInput): Promise<{ requestId: string }>;
  /**
   * `DELETE …/{level}/{MRN}` with body `{documentIssueDate}`, retried on 5xx and network errors. When a repeat finds
   * the MRN gone (404) after a try whose answer was lost, the result is `already-cancelled` instead of an error.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const mrn: string;
   * const pending: string[] = [];
   * const outcome = await client.cancelNotification({ mode: 'road', level: 'house-consignment', mrn });
   * if (outcome.status === 'accepted') pending.push(outcome.requestId);
   */
  cancelNotification(input: DeleteNotificationInput): Promise<CancelOutcome>;
  /**
   * One poll of `…/validation-status/{requestId}`. Returns `undefined` while Customs is still validating (404);
   * SUCCESS/FAILURE as parsed by `validationStatusSchema` (any 2xx counts as finished, docs/digitoll.md §5).
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const requestId: string; // from submitNotification
   * const status = await client.getValidationStatus({ api: 'notification', mode: 'road', level: 'transport' }, requestId);
   */
  getValidationStatus(target: ValidationTarget, requestId: string): Promise<ValidationStatus | undefined>;
  /**
   * Waits for many requestIds at once: polls every pending one per round (bounded concurrency), 404 = still
   * validating, rounds back off with jitter, one overall deadline. Never throws for one request's problem; each
   * request gets its own {@link ValidationResult}, in input order.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const accepted: string[]; // requestIds from submitNotification
   * const results = await client.waitForValidation(accepted.map((requestId) =>
   *   ({ requestId, target: { api: 'notification', mode: 'road', level: 'house-consignment' } })));
   */
  waitForValidation(requests: readonly PendingRequest[], options?: WaitOptions): Promise<ValidationResult[]>;
  /**
   * Customs' advice for many notifications: POST all, wait, then poll all (docs/digitoll.md §5), with bounded
   * concurrency. Each item gets a result in input order; one item's failure does not stop the others.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const houses: Record<string, unknown>[];
   * const results = await client.submitBatch(houses.map((body) => ({ mode: 'road', level: 'house-consignment', body })));
   * const mrns = results.flatMap((r) => r.outcome === 'validated' && r.validation.outcome === 'success' ? [r.validation.mrn] : []);
   */
  submitBatch(items: readonly BatchItem[], options?: BatchOptions): Promise<BatchItemResult[]>;
  /**
   * Looks a master or house up by document number, type and carrier id (docs/digitoll.md §4.1):
   * `GET …/house-consignment/transport-document/status?documentNumber=&type=&carrierId=` (the house's status) or
   * `GET …/master-consignment/transport-document/status?…` (the master's houses). Returns `undefined` when
   * Customs knows no such active notification (404).
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * const found = await client.findNotification({ mode: 'road', level: 'house-consignment',
   *   documentNumber: 'HC001', type: 'N740', carrierId: 'NO912345688' });
   */
  findNotification(input: FindNotificationInput): Promise<FoundNotification | undefined>;
  /**
   * Status of one house by MRN: `GET …/house-consignment/{mrn}/transport-document/status` (docs/digitoll.md §8.4).
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const mrn: string;
   * const { documentStatus, incompleteDocumentationReasonList } = await client.getHouseConsignmentStatus('road', mrn);
   */
  getHouseConsignmentStatus(mode: TransportMode, mrn: string): Promise<DocumentStatusItem>;
  /**
   * Children of a transport or master with their document status:
   * `GET …/transport/{mrn}/{master-consignment|house-consignment}/transport-document/status` or
   * `GET …/master-consignment/{mrn}/transport-document/status` (houses of the master).
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const mrn: string; // the transport's MRN
   * const masters = await client.listDocumentStatuses('road', { parent: 'transport', mrn, children: 'master-consignment' });
   */
  listDocumentStatuses(mode: TransportMode, query: Parameters<typeof listDocumentStatuses>[2]): Promise<DocumentStatusItem[]>;
  /**
   * Weights, masters and houses of a transport: `GET …/transport/{mrn}/status-with-descendants`.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const transportMrn: string;
   * const tree = await client.getTransportStatusWithDescendants('road', transportMrn);
   */
  getTransportStatusWithDescendants(mode: TransportMode, mrn: string): Promise<StatusWithDescendants>;
  /**
   * One master with its houses: `GET …/master-consignment/{mrn}/status-with-descendants`.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const masterMrn: string;
   * const master = await client.getMasterStatusWithDescendants('air', masterMrn);
   */
  getMasterStatusWithDescendants(mode: TransportMode, mrn: string): Promise<MasterStatusWithDescendants>;
  /**
   * Entry status of a transport: `GET …/status/…/entry/status/{transportMrn}` with the mode's scope (not
   * `movement/entry`). `validEntry: true` ⇒ the goods may be unloaded (docs/digitoll.md §7.7, §8.6).
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const transportMrn: string;
   * const { validEntry } = await client.getEntryStatus('road', transportMrn);
   */
  getEntryStatus(mode: TransportMode, transportMrn: string): Promise<EntryStatus>;
  /**
   * The smoke test of docs/digitoll.md §12.3: `GET …/test-auth` with the mode's token; resolves on 200, throws
   * `DIGITOLL_UNAUTHORIZED` / `DIGITOLL_FORBIDDEN` otherwise.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * await client.testAuth('road');
   */
  testAuth(mode?: TransportMode): Promise<{ status: number }>;
  /**
   * Presents goods (`POST …/presentation/v1/{kind}`). The client-chosen `requestId` in the body is Customs'
   * idempotency key (a re-used one is refused), so after a lost answer or a 5xx the same body is sent again and
   * a refusal of the re-used requestId means the first call arrived. Poll `{ api: 'presentation' }` with the
   * returned requestId.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const transportMRN: string;
   * const { requestId } = await client.present({ kind: 'house-consignment', body: { customsOfficeOfPresentation: 'NO351001',
   *   transportMRN, consignmentHouseLevel: { transportDocumentHouseLevel: { documentNumber: 'HC001', type: 'N740' } } } });
   */
  present(input: PresentInput): Promise<{ requestId: string }>;
  /**
   * One call of the routing feed: `GET …/routing/v1/{feed}?marker=<last routingResult.id>` (≤ 1000 items, oldest first).
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const store: { loadMarker(): Promise<string | undefined> }; // where you keep the feed's marker
   * const page = await client.getRoutingPage({ marker: await store.loadMarker() });
   */
  getRoutingPage(options?: { marker?: string | undefined; feed?: RoutingFeed | undefined }): Promise<RoutingPage>;
  /**
   * Reads the routing feed page by page from a stored marker (docs/digitoll.md §10.2). Each yielded page carries the
   * marker to persist after processing it; the next page is only fetched when the consumer asks for it.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const store: {
   *   loadMarker(): Promise<string | undefined>;
   *   saveMarker(marker: string | undefined): Promise<void>;
   *   upsertRouting(item: RoutingPage['items'][number]): Promise<void>;
   * }; // where you keep the feed's marker and the decisions
   * for await (const page of client.followRouting({ marker: await store.loadMarker() })) {
   *   for (const item of page.items) await store.upsertRouting(item);   // latest wins
   *   await store.saveMarker(page.marker);
   * }
   */
  followRouting(options?: FollowRoutingOptions): AsyncGenerator<RoutingPage, void, undefined>;
  /**
   * Links two notifications after the fact (`POST {mode base}/relation`, body per `relationSchema`, docs/digitoll.md §7.6;
   * the path is inferred, §17). Returns the requestId; the relation's own MRN comes from
   * validation-status `{ api: 'relation', mode }`. Not re-sent after a lost answer (`DIGITOLL_OUTCOME_UNKNOWN`).
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const transportMrn: string;
   * declare const masterMrn: string;
   * const { requestId } = await client.createRelation('road', { parentObjectType: 'TRANSPORT', parentObjectReference: transportMrn,
   *   childObjectType: 'MASTER_CONSIGNMENT', childObjectReference: masterMrn });
   */
  createRelation(mode: TransportMode, body: Record<string, unknown>): Promise<{ requestId: string }>;
  /**
   * Removes a relation (`DELETE {mode base}/relation/{mrn}` with `{documentIssueDate}`); returns the requestId to poll.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const relationMrn: string;
   * await client.deleteRelation('road', relationMrn);
   */
  deleteRelation(mode: TransportMode, mrn: string, documentIssueDate?: string): Promise<{ requestId: string }>;
  /**
   * Reports an arrival (`POST …/arrival/v1/arrival`, body per `arrivalSchema`: transport MRN, time and customs
   * office of arrival; docs/digitoll.md §4.4, path and fields inferred, needs explicit permission from Customs).
   * Poll `{ api: 'arrival' }`, then `getEntryStatus`.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * declare const transportMRN: string;
   * const { requestId } = await client.submitArrival({ transportMRN, timeOfArrival: '2026-11-21T06:00:00Z', customsOfficeOfArrival: 'NO372001' });
   */
  submitArrival(body: Record<string, unknown>): Promise<{ requestId: string }>;
  /**
   * Uploads a document to a TVINN declaration: `POST …/document/v2/declaration-id/{id}/document`, multipart with
   * `metadata` (JSON `{"documentType": …}`) first, then `file`. Checks id, type, extension and size first
   * (TypeError naming the field). The response body is not documented and is returned as received.
   *
   * @example
   * import { readFile } from 'node:fs/promises';
   * declare const client: DigitollClient; // createDigitollClient(…)
   * await client.uploadDocument({ declarationId: '123456789-10082022-1', documentType: 'invoice',
   *   fileName: 'invoice.pdf', content: await readFile('invoice.pdf') });
   */
  uploadDocument(input: UploadDocumentInput): Promise<{ status: number; body: unknown }>;
  /**
   * The scope a mode/API needs with this client's scope family.
   *
   * @example
   * declare const client: DigitollClient; // createDigitollClient(…)
   * client.scopeFor('road'); // 'toll:movement/road/v2' (national scope family)
   */
  scopeFor(api: TransportMode | 'entry' | 'document'): string;
}

/**
 * Creates a Digitoll client. It knows no key files: tokens come from `getToken(scope)`.
 *
 * @example
 * // tokens: createTokenProvider({ environment: 'test', identity }) of the maskinporten package, or your own
 * declare const tokens: { getToken: GetToken };
 * declare const body: Record<string, unknown>; // a transport notification (buildTransport of the messages package)
 * const client = createDigitollClient({ baseUrl: 'https://api-test.toll.no', getToken: (scope, o) => tokens.getToken(scope, o) });
 * const outcome = await client.submitNotification({ mode: 'road', level: 'transport', body });
 */
export function createDigitollClient(options: DigitollClientOptions): DigitollClient {
  if (typeof options.getToken !== 'function') throw new TypeError('getToken must be a function (scope) => Promise<string>');
  const parsed = digitollClientSettingsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(options)'}: ${i.message}`).join('; ');
    throw new TypeError(`createDigitollClient: ${problems}`);
  }
  const s = parsed.data;
  const ctx: ClientContext = {
    baseUrl: s.baseUrl.endsWith('/') ? s.baseUrl.slice(0, -1) : s.baseUrl,
    getToken: options.getToken,
    scopeFamily: s.scopeFamily,
    dispatcher: options.dispatcher,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    maxAttempts: s.maxAttempts,
    maxRateLimitRetries: s.maxRateLimitRetries,
    maxRetryAfterMs: s.maxRetryAfterMs,
    baseDelayMs: s.baseDelayMs,
    maxDelayMs: s.maxDelayMs,
    timeoutMs: s.timeoutMs,
    lookupDelayMs: s.lookupDelayMs,
    userAgent: s.userAgent,
    arrivalScope: s.arrivalScope ?? scopeFor('road', s.scopeFamily),
    emit: options.onEvent ?? (() => {}),
  };
  return {
    submitNotification: (input) => submitNotification(ctx, input),
    updateNotification: (input) => updateNotification(ctx, input),
    deleteNotification: (input) => deleteNotification(ctx, input),
    cancelNotification: (input) => cancelNotification(ctx, input),
    getValidationStatus: (target, requestId) => getValidationStatus(ctx, target, requestId),
    waitForValidation: (requests, waitOptions) => waitForValidation(ctx, requests, waitOptions),
    submitBatch: (items, batchOptions) => submitBatch(ctx, items, batchOptions),
    findNotification: (input) => findNotification(ctx, input),
    getHouseConsignmentStatus: (mode, mrn) => getHouseConsignmentStatus(ctx, mode, mrn),
    listDocumentStatuses: (mode, query) => listDocumentStatuses(ctx, mode, query),
    getTransportStatusWithDescendants: (mode, mrn) => getTransportStatusWithDescendants(ctx, mode, mrn),
    getMasterStatusWithDescendants: (mode, mrn) => getMasterStatusWithDescendants(ctx, mode, mrn),
    getEntryStatus: (mode, mrn) => getEntryStatus(ctx, mode, mrn),
    testAuth: (mode) => testAuth(ctx, mode),
    present: (input) => present(ctx, input),
    getRoutingPage: (pageOptions) => getRoutingPage(ctx, pageOptions),
    followRouting: (followOptions) => followRouting(ctx, followOptions),
    createRelation: (mode, body) => createRelation(ctx, mode, body),
    deleteRelation: (mode, mrn, date) => deleteRelation(ctx, mode, mrn, date),
    submitArrival: (body) => submitArrival(ctx, body),
    uploadDocument: (input) => uploadDocument(ctx, input),
    scopeFor: (api) => scopeFor(api, s.scopeFamily),
  };
}
