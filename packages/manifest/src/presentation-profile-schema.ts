/**
 * The presentation profile: how a partner's "what arrived" file (CSV or XML) becomes Digitoll
 * presentations (docs/digitoll.md §4.2, §7.5, §10). A profile with `kind: presentation`; the reading
 * options (`encoding`, `csv`, `xml`, `numbers`, `dates`, `formulaValues`, `limits`, `translations`)
 * and the field specs are those of the notification mapping profile.
 */
import { z } from 'zod';
import { fieldSchema, mappingProfileSchema } from './mapping-profile-schema.js';

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

const base = mappingProfileSchema.shape;

/** A partner's presentation profile. */
export const presentationProfileSchema = z
  .object({
    $schema: z.string().optional(),
    kind: z.literal('presentation').describe('Marks a presentation profile (a file listing what arrived, to be presented).'),
    name: base.name,
    description: z.string().optional(),
    format: base.format,
    mode: base.mode.describe('Mode of transport of the goods (reports; the presentation endpoints are the same for every mode).'),
    encoding: base.encoding,
    csv: base.csv,
    xml: z
      .object({
        recordPath: z.string().min(1).describe("Dotted path of the repeated element that is one presentation, e.g. 'Arrival.Item'."),
        arrays: z.array(z.string()).default([]),
        namespaces: z.enum(['strip', 'keep']).default('strip'),
      })
      .strict()
      .optional(),
    numbers: base.numbers,
    dates: base.dates,
    formulaValues: base.formulaValues,
    limits: base.limits,
    translations: base.translations,
    presentation: z
      .object({
        fields: z
          .partialRecord(z.enum(PRESENTATION_FIELDS), fieldSchema)
          .describe('Presentation field → source (a column, or a field spec as in mapping profiles).'),
      })
      .strict(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.format === 'xml' && p.xml === undefined) ctx.addIssue({ code: 'custom', path: ['xml'], message: 'required when format is xml' });
    for (const field of ['kind', 'customsOfficeOfPresentation'] as const) {
      if (p.presentation.fields[field] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['presentation', 'fields'], message: `must map ${field} (every presentation needs it)` });
      }
    }
    for (const [target, field] of Object.entries(p.presentation.fields)) {
      if (typeof field === 'object' && field.translate !== undefined && !(field.translate in p.translations)) {
        ctx.addIssue({ code: 'custom', path: ['presentation', 'fields', target, 'translate'], message: `no table "${field.translate}" in translations` });
      }
    }
  });

/** A validated presentation profile (defaults filled in). */
export type PresentationProfile = z.infer<typeof presentationProfileSchema>;
export type PresentationProfileInput = z.input<typeof presentationProfileSchema>;
