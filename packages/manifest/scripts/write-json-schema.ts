/**
 * Writes schema/mapping-profile.schema.json from the zod schema, for editors (YAML language
 * server, VS Code). Usage: pnpm exec tsx scripts/write-json-schema.ts
 * test/json-schema.test.ts fails when the committed file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderMappingProfileJsonSchema } from './render-json-schema.js';

const target = fileURLToPath(new URL('../schema/mapping-profile.schema.json', import.meta.url));
await writeFile(target, renderMappingProfileJsonSchema());
console.log(`wrote ${target}`);
