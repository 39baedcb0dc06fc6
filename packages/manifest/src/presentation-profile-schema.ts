/**
 * The presentation profile: how a partner's "what arrived" file (CSV or XML) becomes Digitoll
 * presentations (docs/digitoll.md §4.2, §7.5, §10). A profile with `kind: presentation`; the reading
 * options (`encoding`, `csv`, `xml`, `numbers`, `dates`, `formulaValues`, `limits`, `translations`)
 * and the field specs are those of the notification mapping profile.
 */
import { z } from 'zod';
import { checkMessageProfile, messageFieldsSection, messageProfileCommon } from './message-profile-schema.js';

/** The five presentation endpoints (`POST …/presentation/v1/{kind}`). */
export const PRESENTATION_KINDS = ['house-consignment', 'master-consignment', 'receptacle', 'container', 'entry-summary-declaration'] as const;
export type PresentationKind = (typeof PRESENTATION_KINDS)[number];

/**
 * The fields a presentation row may map. `kind` says which endpoint; the reference fields it needs:
 * house-consignment → documentNumber (+ type); master-consignment → documentNumber + type, or
 * entrySummaryDeclarationMRN (ICS2: the master endpoint replaces the ENS endpoint); receptacle →
 * receptacleId; container → containerIdentificationNumber; entry-summary-declaration (deprecated) →
 * entrySummaryDeclarationMRN.
 */
export const PRESENTATION_FIELDS = [
  'kind',
  'customsOfficeOfPresentation',
  'transportMRN',
  'documentNumber',
  'type',
  'entrySummaryDeclarationMRN',
  'receptacleId',
  'containerIdentificationNumber',
] as const;
export type PresentationField = (typeof PRESENTATION_FIELDS)[number];

/** A partner's presentation profile. */
export const presentationProfileSchema = z
  .object({
    kind: z.literal('presentation').describe('Marks a presentation profile (a file listing what arrived, to be presented).'),
    ...messageProfileCommon('Mode of transport of the goods (reports; the presentation endpoints are the same for every mode).'),
    presentation: messageFieldsSection(PRESENTATION_FIELDS, 'Presentation field → source (a column, or a field spec as in mapping profiles).'),
  })
  .strict()
  .superRefine(checkMessageProfile('presentation', ['kind', 'customsOfficeOfPresentation'], (p: { presentation: { fields: Record<string, unknown> } }) => p.presentation.fields));

/** A validated presentation profile (defaults filled in). */
export type PresentationProfile = z.infer<typeof presentationProfileSchema>;
export type PresentationProfileInput = z.input<typeof presentationProfileSchema>;
