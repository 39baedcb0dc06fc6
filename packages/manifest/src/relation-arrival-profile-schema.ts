/**
 * Relation and arrival profiles: how a partner's file of representation relations
 * (`kind: relation`, Customs' relation API, docs/digitoll.md §7.6) or of arrivals (`kind: arrival`,
 * the arrival API for parties Customs has authorised, §4.4, §7.7) becomes Digitoll requests, one per
 * row / XML record. Reading options and field specs are those of the notification mapping profile.
 */
import { z } from 'zod';
import { checkMessageProfile, messageFieldsSection, messageProfileCommon } from './message-profile-schema.js';

/** The fields of a relation row (`POST {mode base}/relation`, `@tollkit/messages` `relationSchema`). */
export const RELATION_FIELDS = [
  'parentObjectType',
  'parentObjectReference',
  'childObjectType',
  'childObjectReference',
  'representative',
  'documentIssueDate',
] as const;
export type RelationField = (typeof RELATION_FIELDS)[number];

/** The fields of an arrival row (`POST …/arrival/v1/arrival`, `@tollkit/messages` `arrivalSchema`). */
export const ARRIVAL_FIELDS = ['transportMRN', 'timeOfArrival', 'customsOfficeOfArrival', 'documentIssueDate'] as const;
export type ArrivalField = (typeof ARRIVAL_FIELDS)[number];

/** The fields every relation row needs. */
export const RELATION_REQUIRED: readonly RelationField[] = ['parentObjectType', 'parentObjectReference', 'childObjectType', 'childObjectReference'];
/** The fields every arrival row needs. */
export const ARRIVAL_REQUIRED: readonly ArrivalField[] = ['transportMRN', 'timeOfArrival', 'customsOfficeOfArrival'];

/** A partner's relation profile (`kind: relation`). */
export const relationProfileSchema = z
  .object({
    kind: z.literal('relation').describe('Marks a relation profile (a file of representation relations to create at Customs).'),
    ...messageProfileCommon('Mode of transport: which notification API the relations belong to (`POST {mode base}/relation`).'),
    relation: messageFieldsSection(RELATION_FIELDS, 'Relation field → source (parent/child object type TRANSPORT, MASTER_CONSIGNMENT or HOUSE_CONSIGNMENT and MRN; representative).'),
  })
  .strict()
  .superRefine(checkMessageProfile('relation', RELATION_REQUIRED, (p: { relation: { fields: Record<string, unknown> } }) => p.relation.fields));

/** A partner's arrival profile (`kind: arrival`). */
export const arrivalProfileSchema = z
  .object({
    kind: z.literal('arrival').describe('Marks an arrival profile (a file of transport arrivals; the arrival API needs Customs\' authorisation).'),
    ...messageProfileCommon('Mode of transport of the arrived transports (the entry status is read from this mode\'s API).'),
    arrival: messageFieldsSection(ARRIVAL_FIELDS, 'Arrival field → source (transport MRN, time and customs office of arrival).'),
  })
  .strict()
  .superRefine(checkMessageProfile('arrival', ARRIVAL_REQUIRED, (p: { arrival: { fields: Record<string, unknown> } }) => p.arrival.fields));

export type RelationProfile = z.infer<typeof relationProfileSchema>;
export type RelationProfileInput = z.input<typeof relationProfileSchema>;
export type ArrivalProfile = z.infer<typeof arrivalProfileSchema>;
export type ArrivalProfileInput = z.input<typeof arrivalProfileSchema>;
