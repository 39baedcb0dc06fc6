import { z } from 'zod';
import { mappingProfileSchema } from '../src/mapping-profile-schema.js';

/** The JSON Schema text of a mapping profile (as written: defaults are optional). */
export function renderMappingProfileJsonSchema(): string {
  const schema = z.toJSONSchema(mappingProfileSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' });
  const doc = {
    ...schema,
    $id: 'https://tollkit.local/schema/mapping-profile.schema.json',
    title: 'Tollkit mapping profile',
    description: 'How one partner\'s manifest files (CSV or XML) map to Digitoll transport, master and house consignment notifications.',
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
