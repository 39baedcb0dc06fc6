/**
 * Writes schema/mapping-profile.schema.json and schema/message-profile.schema.json (presentation,
 * relation and arrival profiles) from the zod schemas, for editors (YAML language
 * server, VS Code). Usage: `pnpm run codegen` (= tsx scripts/write-json-schema.ts). Written only when
 * its text changes, atomically (`scripts/lib/write-generated.ts` at the repository root).
 * test/json-schema.test.ts fails when the committed file is out of date.
 */
import { fileURLToPath } from 'node:url';
import { writeIfChanged } from '../../../scripts/lib/write-generated.js';
import { renderMappingProfileJsonSchema, renderMessageProfileJsonSchema } from './render-json-schema.js';

const target = fileURLToPath(new URL('../schema/mapping-profile.schema.json', import.meta.url));
const written = writeIfChanged(target, renderMappingProfileJsonSchema());
console.log(`manifest: ${target} ${written ? 'written' : 'unchanged'}`);

const messageTarget = fileURLToPath(new URL('../schema/message-profile.schema.json', import.meta.url));
const messageWritten = writeIfChanged(messageTarget, renderMessageProfileJsonSchema());
console.log(`manifest: ${messageTarget} ${messageWritten ? 'written' : 'unchanged'}`);
