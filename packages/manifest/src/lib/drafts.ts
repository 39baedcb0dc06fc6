/**
 * The draft types the mapper produces. The contract (ARCHITECTURE.md) puts them in
 * `@tollkit/messages` as "the request body without documentIssueDate". This module is the one
 * place that binds to them, so the rest of the package does not care where they come from.
 */

/** A JSON object as built by the mapper from the profile's target paths. */
export interface JsonObject {
  [key: string]: JsonValue;
}
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** Transport request body without `documentIssueDate` (shape: DIGITOLL.md §7.1). */
export type TransportDraft = JsonObject;
/** Master consignment request body without `documentIssueDate` (shape: DIGITOLL.md §7.3). */
export type MasterConsignmentDraft = JsonObject;
/** House consignment request body without `documentIssueDate` (shape: DIGITOLL.md §7.2). */
export type HouseConsignmentDraft = JsonObject;
