import { listNotificationFields, type NotificationField } from '@tollkit/messages';
import { z } from 'zod';
import { targetPaths, type ProfileSection } from '../src/lib/target-paths.js';
import { mappingProfileSchema } from '../src/mapping-profile-schema.js';
import { presentationProfileSchema } from '../src/presentation-profile-schema.js';
import { arrivalProfileSchema, relationProfileSchema } from '../src/relation-arrival-profile-schema.js';

type Json = Record<string, unknown>;

const LEVEL = { transport: 'transport', master: 'master-consignment', house: 'house-consignment', goodsItem: 'house-consignment' } as const;
const MODES = ['road', 'air', 'rail', 'maritime'] as const;

function escape(path: string): string {
  return path.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/\\\[\\\]/gu, '\\[\\d{1,3}\\]');
}

/** "required in every mode; text 1–70" — the hover text an editor shows for a target path. */
function describe(section: ProfileSection, path: string): string {
  const full = section === 'goodsItem' ? `consignmentHouseLevel.goodsItem[].${path}` : path;
  const byMode = MODES.map((m) => listNotificationFields(LEVEL[section], m).find((f) => f.path === full)).filter((f): f is NotificationField => f !== undefined);
  const f = byMode[0];
  if (f === undefined) return full;
  const presence = [...new Set(byMode.map((x) => x.presence))];
  const size = f.minLength !== undefined || f.maxLength !== undefined ? `, ${f.minLength ?? 0}–${f.maxLength ?? '…'} characters` : '';
  return `${full}: ${presence.length === 1 ? presence[0] : `${presence.join('/')} (by mode)`}, ${f.type}${size} (docs/fields.md)`;
}

/**
 * Each section's `fields`: the target paths of the message (from @tollkit/messages' schemas) as
 * `properties` (so editors complete them and show what each one is) and as `propertyNames` (so a
 * typo is flagged); list items as `[0]` with any index accepted.
 */
function enumerateTargets(doc: Json): void {
  const props = doc['properties'] as Record<string, Json>;
  const defs = ((doc['$defs'] as Record<string, Json> | undefined) ?? {});
  doc['$defs'] = defs;
  for (const section of ['transport', 'master', 'house', 'goodsItem'] as const) {
    const fields = (props[section]?.['properties'] as Record<string, Json> | undefined)?.['fields'];
    if (fields === undefined) throw new TypeError(`render-json-schema: no ${section}.fields in the generated schema`);
    defs['field'] ??= fields['additionalProperties'] as Json;
    fields['additionalProperties'] = { $ref: '#/$defs/field' };
    const paths = targetPaths(section);
    fields['properties'] = Object.fromEntries(paths.map((p) => [p.replace(/\[\]/gu, '[0]'), { $ref: '#/$defs/field', description: describe(section, p) }]));
    fields['propertyNames'] = { type: 'string', pattern: `^(?:${paths.map(escape).join('|')})$` };
  }
}

/** The JSON Schema text of a mapping profile (as written: defaults are optional). */
export function renderMappingProfileJsonSchema(): string {
  const schema = z.toJSONSchema(mappingProfileSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  enumerateTargets(schema);
  const doc = {
    ...schema,
    $id: 'https://tollkit.local/schema/mapping-profile.schema.json',
    title: 'Tollkit mapping profile',
    description: 'How one partner\'s manifest files (CSV or XML) map to Digitoll transport, master and house consignment notifications.',
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The JSON Schema text of the profiles of presentation, relation and arrival files (`kind:
 * presentation | relation | arrival`), one `oneOf` branch per kind, for editors.
 */
export function renderMessageProfileJsonSchema(): string {
  const branch = (schema: z.ZodType, title: string): Json => ({ title, ...(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json) });
  const branches = [
    branch(presentationProfileSchema, 'kind: presentation — what arrived, to be presented (presentation API)'),
    branch(relationProfileSchema, 'kind: relation — representation relations (relation API)'),
    branch(arrivalProfileSchema, 'kind: arrival — transport arrivals (arrival API, with Customs\' authorisation)'),
  ];
  for (const b of branches) delete b['$schema'];
  const doc = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://tollkit.local/schema/message-profile.schema.json',
    title: 'Tollkit presentation, relation and arrival profile',
    description: 'How one partner\'s file of arrived goods (kind: presentation), representation relations (kind: relation) or transport arrivals (kind: arrival), CSV or XML, maps to Digitoll requests, one per row or XML record.',
    oneOf: branches,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
