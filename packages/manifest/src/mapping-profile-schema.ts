/**
 * The mapping profile: one JSON or YAML file per partner that says how that partner's manifest
 * files become Digitoll notifications. Published as JSON Schema in
 * `schema/mapping-profile.schema.json` (written by `scripts/write-json-schema.ts`).
 */
import { z } from 'zod';
import { CODE_LIST_NAMES } from './lib/codes.js';
import { dateFormatProblem } from './lib/dates.js';
import { nearestNames } from './lib/nearest.js';
import { firstItemForm, targetPaths, withoutIndexes } from './lib/target-paths.js';

const targetPathPattern = /^[A-Za-z][A-Za-z0-9]*(\[\d{1,3}\])?(\.[A-Za-z][A-Za-z0-9]*(\[\d{1,3}\])?)*$/;

/** A CSV column (header name, or 1-based column number) or an XML path relative to the record element. */
export const sourceRefSchema = z
  .union([z.string().min(1), z.number().int().min(1)])
  .describe(
    'CSV: a header name (matched ignoring case and surrounding spaces) or a 1-based column number. ' +
      "XML: a path below the record element, dot-separated, attributes as '@name' (e.g. 'Consignee.Address.City', '@id'); " +
      "'../' steps up to the enclosing element (e.g. '../@number' on the master around a shipment); " +
      "'Name[1]' picks the second of repeated elements (0-based); " +
      "a leading '/' starts at the document root (e.g. '/Manifest/Header/FlightNumber').",
  );

const scalarSchema = z.union([z.string(), z.number(), z.boolean()]);

function checkRegex(pattern: string, ctx: z.RefinementCtx, path: PropertyKey[]): void {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    ctx.addIssue({ code: 'custom', path, message: `not a valid regular expression: ${(error as Error).message}` });
  }
}

/** One test of a source's value (trimmed): equals, in, empty, notEmpty or matches. */
export const conditionTestSchema = z
  .object({
    source: sourceRefSchema.describe('The column or XML path whose value is tested.'),
    equals: scalarSchema.optional().describe('The value equals this (ignoring case and surrounding spaces).'),
    in: z.array(scalarSchema).min(1).optional().describe('The value is one of these (ignoring case and surrounding spaces).'),
    empty: z.literal(true).optional().describe('The value is empty or missing.'),
    notEmpty: z.literal(true).optional().describe('The value is not empty.'),
    matches: z.string().optional().describe('The whole value matches this regular expression.'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const n = [c.equals, c.in, c.empty, c.notEmpty, c.matches].filter((v) => v !== undefined).length;
    if (n !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of `equals`, `in`, `empty`, `notEmpty` or `matches`' });
    if (c.matches !== undefined) checkRegex(c.matches, ctx, ['matches']);
  });

const conditionPartSchema = z.union([sourceRefSchema, conditionTestSchema]);

/**
 * When a field is mapped: a source (mapped where it is not empty), one test, or `all`/`any` of
 * several tests over several sources.
 */
export const conditionSchema = z
  .union([
    conditionPartSchema,
    z.object({ all: z.array(conditionPartSchema).min(1).describe('Every test holds.') }).strict(),
    z.object({ any: z.array(conditionPartSchema).min(1).describe('At least one test holds.') }).strict(),
  ])
  .describe(
    "Only map this field on rows where the condition holds: a source name (= that source is not empty), a test { source, equals | in | empty | notEmpty | matches }, or { all: [...] } / { any: [...] } of them.",
  );

/** A declarative step applied to the value read (before case, spaces, translation and type). No code is evaluated. */
export const valueStepSchema = z
  .union([
    z.object({ substring: z.object({ start: z.number().int().min(0), length: z.number().int().min(0).optional() }).strict() }).strict().describe('Characters from `start` (0-based), `length` of them (default: to the end).'),
    z
      .object({
        pad: z
          .object({
            length: z.number().int().min(1).max(100),
            char: z.string().length(1).default('0'),
            side: z.enum(['left', 'right']).default('left'),
          })
          .strict(),
      })
      .strict()
      .describe("Pads to `length` characters with `char` (default '0') on the `side` (default left); longer values are kept."),
    z
      .object({ replace: z.object({ pattern: z.string().min(1), with: z.string().default(''), ignoreCase: z.boolean().default(false) }).strict() })
      .strict()
      .describe('Replaces every match of the regular expression `pattern` with `with` ($1 … refer to groups).'),
    z
      .object({ split: z.object({ separator: z.string().min(1), index: z.number().int() }).strict() })
      .strict()
      .describe('Splits at `separator` and keeps part `index` (0-based; -1 is the last part; a missing part gives an empty value).'),
    z
      .object({
        concat: z
          .array(z.union([z.string(), z.object({ from: sourceRefSchema }).strict(), z.object({ value: z.literal(true) }).strict()]))
          .min(1),
      })
      .strict()
      .describe('Joins texts, other sources ({ from }) and the value so far ({ value: true }; at the start when not listed).'),
  ])
  .superRefine((step, ctx) => {
    if ('replace' in step) checkRegex(step.replace.pattern, ctx, ['replace', 'pattern']);
  });

/** How one target field gets its value. */
export const fieldSpecSchema = z
  .object({
    from: z
      .union([sourceRefSchema, z.array(sourceRefSchema).min(2)])
      .optional()
      .describe('Source of the value. Several sources are joined with `separator` (empty ones skipped).'),
    firstOf: z
      .array(sourceRefSchema)
      .min(2)
      .optional()
      .describe('Alternatives: the first of these sources that is not empty (e.g. a mobile number, else the landline).'),
    separator: z.string().optional().describe("Separator when `from` lists several sources (default ' ')."),
    const: scalarSchema.optional().describe('A constant value for every record.'),
    param: z
      .string()
      .min(1)
      .optional()
      .describe('Take the value from `options.params[name]` given by the caller (e.g. a dispatcher-entered arrival time).'),
    type: z
      .enum(['string', 'integer', 'decimal', 'datetime', 'date', 'boolean', 'presence'])
      .default('string')
      .describe(
        "How to read the value: 'decimal'/'integer' use the profile's number style; 'datetime' reads local time in the " +
          "profile's time zone and yields a UTC instant (yyyy-MM-ddTHH:mm:ssZ); 'date' yields yyyy-MM-dd; 'presence' " +
          'yields true when the source has a value and false when it is empty (e.g. hasOutgoingProcedure from an export MRN column).',
      ),
    required: z.boolean().default(false).describe('An empty value is an error (after `default`).'),
    default: scalarSchema.optional().describe('Used when the source is empty.'),
    translate: z.string().min(1).optional().describe('Name of a table in `translations` (partner code → Digitoll code).'),
    translateUnknown: z
      .enum(['error', 'keep'])
      .default('error')
      .describe("A value missing from the translation table is an error ('error') or passed through unchanged ('keep')."),
    codeList: z
      .enum(CODE_LIST_NAMES)
      .optional()
      .describe('After translation the value must be a code of this Digitoll code list (e.g. CL754, ImportProcedure).'),
    check: z.enum(['country', 'customs-office']).optional().describe('Extra check: ISO country code or customs office.'),
    case: z.enum(['upper', 'lower']).optional(),
    removeSpaces: z.boolean().optional().describe('Remove all spaces (e.g. from plate numbers).'),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).optional(),
    pattern: z.string().optional().describe('Regular expression the whole value must match (after translation).'),
    format: z.string().optional().describe("Date format of this field, overriding the profile's `dates`."),
    aggregate: z
      .enum(['same', 'first', 'sum'])
      .optional()
      .describe(
        "When several rows make one record: 'same' (default) reports rows that disagree, 'first' takes the first row, " +
          "'sum' adds numbers (e.g. gross mass of goods lines).",
      ),
    when: conditionSchema.optional(),
    apply: z
      .array(valueStepSchema)
      .optional()
      .describe('Value functions applied in order to the value read: substring, pad, replace, split, concat. Declarative; no code is evaluated.'),
    omitElementWhenEmpty: z
      .boolean()
      .optional()
      .describe(
        'When this field has no value (empty, skipped by `when`, or translated to ""), leave out the whole list item it belongs to ' +
          '(the nearest [n] in its path), constants included; the list is then compacted.',
      ),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const n = [spec.from, spec.const, spec.param, spec.firstOf].filter((v) => v !== undefined).length;
    if (n !== 1) ctx.addIssue({ code: 'custom', message: 'give exactly one of `from`, `firstOf`, `const` or `param`' });
    if (spec.pattern !== undefined) checkRegex(spec.pattern, ctx, ['pattern']);
  });

/** A field is either a source reference (shorthand for `{ from }`) or a full spec. */
export const fieldSchema = z.union([sourceRefSchema, fieldSpecSchema]);

/** Target field path (dotted, `[n]` for array items) → how to fill it. */
export const fieldMapSchema = z
  .record(z.string().regex(targetPathPattern, 'a dotted field path such as consignmentHouseLevel.totalGrossMass'), fieldSchema)
  .describe('Target field (dotted path relative to the message root, [n] for array items) → source.');

const levelSchema = z.enum(['transport', 'master-consignment', 'house-consignment']);
const encodingSchema = z.enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'iso-8859-1']);

/** The mapping profile of one partner. */
export const mappingProfileSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
    description: z.string().optional(),
    format: z.enum(['csv', 'xml']),
    mode: z.enum(['road', 'air', 'rail', 'maritime']).describe('Mode of transport at the border.'),
    levels: z
      .array(levelSchema)
      .min(1)
      .refine((l) => new Set(l).size === l.length, 'levels must not repeat')
      .describe('Which notifications this file produces. Keys of other levels are still mapped for linking.'),
    houseLink: z
      .enum(['master', 'receptacle'])
      .default('master')
      .describe(
        "'master': houses get consignmentMasterLevel from their row's master key; 'receptacle': postal items link by " +
          'receptacleIdentificationNumber (no consignmentMasterLevel) and masters list their receptacle ids.',
      ),
    grouping: z
      .enum(['one-row-per-house', 'rows-per-house'])
      .default('one-row-per-house')
      .describe("'rows-per-house': consecutive rows with the same house waybill are one house, each row a goods line."),
    encoding: encodingSchema.default('auto').describe("'auto': BOM, then XML declaration, then UTF-8 if valid, else Windows-1252."),
    csv: z
      .object({
        delimiter: z.enum(['auto', ';', ',', '\t', '|']).default('auto'),
        header: z.boolean().default(true).describe('The first row (after skipRows) holds column names.'),
        skipRows: z.number().int().min(0).default(0).describe('Lines before the header (report titles and the like).'),
        quote: z.string().length(1).default('"'),
      })
      .strict()
      .prefault({}),
    xml: z
      .object({
        recordPath: z.string().min(1).describe("Dotted path of the repeated element that is one record, e.g. 'Manifest.Shipment'."),
        goodsItemPath: z.string().min(1).optional().describe('Path below the record of repeated goods-line elements.'),
        arrays: z.array(z.string()).default([]).describe('Further dotted paths that are always lists.'),
        namespaces: z.enum(['strip', 'keep']).default('strip').describe("'strip' drops prefixes (ns:Tag → Tag)."),
      })
      .strict()
      .optional(),
    numbers: z
      .object({
        decimalSeparator: z.enum(['.', ',']).default('.'),
        thousandsSeparator: z.enum(['none', '.', ',', ' ', "'"]).default('none').describe("' ' also accepts no-break spaces."),
      })
      .strict()
      .prefault({}),
    dates: z
      .object({
        timeZone: z.string().default('Europe/Oslo').describe('IANA zone of local times in the file.'),
        dateTimeFormat: z
          .string()
          .default('iso')
          .describe("Tokens yyyy MM M dd d HH H mm ss, other characters literal; 'iso' accepts yyyy-MM-ddTHH:mm[:ss][Z|±hh:mm]."),
        dateFormat: z.string().default('yyyy-MM-dd'),
        ambiguousTime: z
          .enum(['reject', 'earlier', 'later'])
          .default('reject')
          .describe('Local times that occur twice (autumn DST change): reject, or take the earlier/later instant with a warning.'),
      })
      .strict()
      .prefault({}),
    formulaValues: z
      .enum(['reject', 'neutralise'])
      .default('reject')
      .describe("Values that look like spreadsheet formulas ('=…', '@…', '+'/'-' not followed by a number): reject the row, or strip the leading characters with a warning."),
    limits: z
      .object({
        maxFileBytes: z.number().int().min(1).default(100 * 1024 * 1024),
        maxLineLength: z.number().int().min(16).default(1024 * 1024).describe('Characters per CSV line.'),
        maxColumns: z.number().int().min(1).default(1000),
        maxXmlDepth: z.number().int().min(2).default(64),
        maxProblems: z.number().int().min(1).default(1000).describe('Problems kept in the report (counts stay exact).'),
      })
      .strict()
      .prefault({}),
    translations: z
      .record(z.string(), z.record(z.string(), z.string()))
      .default({})
      .describe('Named tables: partner value → Digitoll value. Lookup ignores case and surrounding spaces.'),
    transport: z.object({ fields: fieldMapSchema }).strict().optional(),
    master: z.object({ fields: fieldMapSchema }).strict().optional(),
    house: z.object({ fields: fieldMapSchema }).strict(),
    goodsItem: z
      .object({ fields: fieldMapSchema })
      .strict()
      .optional()
      .describe('One consignmentHouseLevel.goodsItem[] entry per row (rows-per-house) or per goodsItemPath element (XML).'),
  })
  .strict()
  .superRefine((p, ctx) => {
    const need = (section: 'transport' | 'master' | 'house', field: string, why: string): void => {
      const fields = p[section]?.fields;
      if (fields === undefined || !(field in fields)) {
        ctx.addIssue({ code: 'custom', path: [section, 'fields'], message: `must map ${field} (${why})` });
      }
    };
    if (p.format === 'xml' && p.xml === undefined) ctx.addIssue({ code: 'custom', path: ['xml'], message: 'required when format is xml' });
    need('house', 'consignmentHouseLevel.transportDocumentHouseLevel.documentNumber', 'the house key');
    need('house', 'consignmentHouseLevel.transportDocumentHouseLevel.type', 'the house key');
    if (p.houseLink === 'receptacle') need('house', 'consignmentHouseLevel.receptacleIdentificationNumber', 'houseLink is receptacle');
    if (p.levels.includes('master-consignment') || p.houseLink === 'master' || p.levels.includes('transport')) {
      need('master', 'consignmentMasterLevel.transportDocumentMasterLevel.documentNumber', 'the master key');
      need('master', 'consignmentMasterLevel.transportDocumentMasterLevel.type', 'the master key');
      need('master', 'consignmentMasterLevel.carrier.identificationNumber', 'the master key');
    }
    if (p.levels.includes('transport')) need('transport', 'activeBorderTransportMeans.identificationNumber', 'the transport key');
    if (p.goodsItem !== undefined && p.grouping !== 'rows-per-house' && p.xml?.goodsItemPath === undefined) {
      ctx.addIssue({ code: 'custom', path: ['goodsItem'], message: "needs grouping 'rows-per-house' (CSV) or xml.goodsItemPath (XML)" });
    }
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: p.dates.timeZone });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['dates', 'timeZone'], message: `unknown time zone "${p.dates.timeZone}" (use an IANA name such as Europe/Oslo)` });
    }
    // Formats are checked here, at load, not on the first row: a typo would fail every row.
    for (const key of ['dateTimeFormat', 'dateFormat'] as const) {
      const problem = dateFormatProblem(p.dates[key]);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['dates', key], message: `date format "${p.dates[key]}": ${problem}` });
    }
    if (p.numbers.thousandsSeparator === p.numbers.decimalSeparator) {
      ctx.addIssue({ code: 'custom', path: ['numbers', 'thousandsSeparator'], message: `the thousands separator cannot be the decimal separator ("${p.numbers.decimalSeparator}")` });
    }
    for (const section of ['transport', 'master', 'house', 'goodsItem'] as const) {
      const known = new Set(targetPaths(section));
      for (const [target, field] of Object.entries(p[section]?.fields ?? {})) {
        if (!known.has(withoutIndexes(target))) {
          const near = nearestNames(withoutIndexes(target), known, 3).map((n) => firstItemForm(n));
          ctx.addIssue({
            code: 'custom',
            path: [section, 'fields', target],
            message: `not a field of the ${section === 'goodsItem' ? 'goods item' : section} message${near.length > 0 ? `; nearest: ${near.join(', ')}` : ''} (the fields are listed in docs/fields.md)`,
          });
        }
        if (typeof field === 'object' && field.format !== undefined) {
          const problem = dateFormatProblem(field.format);
          if (problem !== undefined) ctx.addIssue({ code: 'custom', path: [section, 'fields', target, 'format'], message: `date format "${field.format}": ${problem}` });
          if (field.type !== 'date' && field.type !== 'datetime') {
            ctx.addIssue({ code: 'custom', path: [section, 'fields', target, 'format'], message: `format applies to type date or datetime; this field is type ${field.type}` });
          }
        }
        if (typeof field === 'object' && field.translate !== undefined && !(field.translate in p.translations)) {
          ctx.addIssue({
            code: 'custom',
            path: [section, 'fields', target, 'translate'],
            message: `no table "${field.translate}" in translations (have: ${Object.keys(p.translations).join(', ') || 'none'})`,
          });
        }
      }
    }
  });

/** A validated mapping profile (defaults filled in). */
export type MappingProfile = z.infer<typeof mappingProfileSchema>;
/** A mapping profile as written in the file (before defaults). */
export type MappingProfileInput = z.input<typeof mappingProfileSchema>;
/** One field of a profile, as written. */
export type FieldSpec = z.infer<typeof fieldSpecSchema>;
