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
  submitNotification(input: SubmitNotificationInput): Promise<SubmitOutcome>;
  updateNotification(input: UpdateNotificationInput): Promise<{ requestId: string }>;
  deleteNotification(input: DeleteNotificationInput): Promise<{ requestId: string }>;
  cancelNotification(input: DeleteNotificationInput): Promise<CancelOutcome>;
  getValidationStatus(target: ValidationTarget, requestId: string): Promise<ValidationStatus | undefined>;
  waitForValidation(requests: readonly PendingRequest[], options?: WaitOptions): Promise<ValidationResult[]>;
  submitBatch(items: readonly BatchItem[], options?: BatchOptions): Promise<BatchItemResult[]>;
  findNotification(input: FindNotificationInput): Promise<FoundNotification | undefined>;
  getHouseConsignmentStatus(mode: TransportMode, mrn: string): Promise<DocumentStatusItem>;
  listDocumentStatuses(mode: TransportMode, query: Parameters<typeof listDocumentStatuses>[2]): Promise<DocumentStatusItem[]>;
  getTransportStatusWithDescendants(mode: TransportMode, mrn: string): Promise<StatusWithDescendants>;
  getMasterStatusWithDescendants(mode: TransportMode, mrn: string): Promise<MasterStatusWithDescendants>;
  getEntryStatus(mode: TransportMode, transportMrn: string): Promise<EntryStatus>;
  testAuth(mode?: TransportMode): Promise<{ status: number }>;
  present(input: PresentInput): Promise<{ requestId: string }>;
  getRoutingPage(options?: { marker?: string | undefined; feed?: RoutingFeed | undefined }): Promise<RoutingPage>;
  followRouting(options?: FollowRoutingOptions): AsyncGenerator<RoutingPage, void, undefined>;
  createRelation(mode: TransportMode, body: Record<string, unknown>): Promise<{ requestId: string }>;
  deleteRelation(mode: TransportMode, mrn: string, documentIssueDate?: string): Promise<{ requestId: string }>;
  submitArrival(body: Record<string, unknown>): Promise<{ requestId: string }>;
  uploadDocument(input: UploadDocumentInput): Promise<{ status: number; body: unknown }>;
  /** The scope a mode/API needs with this client's scope family. */
  scopeFor(api: TransportMode | 'entry' | 'document'): string;
}

/**
 * Creates a Digitoll client. It knows no key files: tokens come from `getToken(scope)`.
 *
 * @example
 * const tokens = createTokenProvider({ environment: 'test', identity });
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
