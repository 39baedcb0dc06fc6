/**
 * The draft types the mapper produces: `@tollkit/messages`' request bodies without
 * `documentIssueDate` (ARCHITECTURE.md). This module is the one place that binds to them.
 */
export type { HouseConsignmentDraft, MasterConsignmentDraft, TransportDraft } from '@tollkit/messages';

/** A JSON object as built by the mapper from the profile's target paths. */
export interface JsonObject {
  [key: string]: JsonValue;
}
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
