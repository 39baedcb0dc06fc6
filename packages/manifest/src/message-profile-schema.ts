/**
 * What the profiles of the files that are not notification manifests share — presentation
 * (`kind: presentation`), relation (`kind: relation`) and arrival (`kind: arrival`) profiles: the
 * reading options of the notification mapping profile (`encoding`, `csv`, `xml`, `numbers`, `dates`,
 * `formulaValues`, `limits`, `translations`), one record per row / XML element, and a section
 * named after the kind whose `fields` map the message's fields to sources (field specs as in
 * mapping profiles).
 */
import { z } from 'zod';
import { fieldSchema, mappingProfileSchema } from './mapping-profile-schema.js';

const base = mappingProfileSchema.shape;

/** The profile keys every message profile has, besides `kind` and its fields section. */
export function messageProfileCommon(modeText: string) {
  return {
    $schema: z.string().optional(),
    name: base.name,
    description: z.string().optional(),
    format: base.format,
    mode: base.mode.describe(modeText),
    encoding: base.encoding,
    csv: base.csv,
    xml: z
      .object({
        recordPath: z.string().min(1).describe("Dotted path of the repeated element that is one record, e.g. 'Arrival.Item'."),
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
  };
}

/** The `{ fields }` section of a message profile: message field → source. */
export function messageFieldsSection<const F extends readonly [string, ...string[]]>(fields: F, text: string) {
  return z.object({ fields: z.partialRecord(z.enum(fields), fieldSchema).describe(text) }).strict();
}

interface RefinableProfile {
  readonly format: 'csv' | 'xml';
  readonly xml?: unknown;
  readonly translations: Readonly<Record<string, unknown>>;
}

/**
 * The cross-field checks of a message profile: `xml` given for XML files, every `required` field
 * mapped, every `translate` naming a table of `translations`.
 */
export function checkMessageProfile(section: string, required: readonly string[], fieldsOf: (p: never) => Readonly<Record<string, unknown>>) {
  return (p: RefinableProfile, ctx: z.RefinementCtx): void => {
    if (p.format === 'xml' && p.xml === undefined) ctx.addIssue({ code: 'custom', path: ['xml'], message: 'required when format is xml' });
    const fields = fieldsOf(p as never);
    for (const field of required) {
      if (fields[field] === undefined) ctx.addIssue({ code: 'custom', path: [section, 'fields'], message: `must map ${field} (every ${section} needs it)` });
    }
    for (const [target, field] of Object.entries(fields)) {
      const table = typeof field === 'object' && field !== null ? (field as { translate?: unknown }).translate : undefined;
      if (typeof table === 'string' && !(table in p.translations)) {
        ctx.addIssue({ code: 'custom', path: [section, 'fields', target, 'translate'], message: `no table "${table}" in translations` });
      }
    }
  };
}

/** The reading options of any message profile (what the row reader needs). */
export type MessageRowsProfile = {
  readonly format: 'csv' | 'xml';
  readonly encoding: z.infer<typeof base.encoding>;
  readonly csv: z.infer<typeof base.csv>;
  readonly xml?: { readonly recordPath: string; readonly arrays: readonly string[]; readonly namespaces: 'strip' | 'keep' } | undefined;
  readonly limits: z.infer<typeof base.limits>;
  readonly translations: z.infer<typeof base.translations>;
  readonly dates: z.infer<typeof base.dates>;
  readonly numbers: z.infer<typeof base.numbers>;
  readonly formulaValues: z.infer<typeof base.formulaValues>;
};
