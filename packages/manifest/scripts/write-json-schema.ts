/**
 * Writes schema/mapping-profile.schema.json from the zod schema, for editors (YAML language
 * server, VS Code). Usage: `pnpm run codegen` (= tsx scripts/write-json-schema.ts). Written only when
 * its text changes, atomically (`scripts/lib/write-generated.ts` at the repository root).
 * test/json-schema.test.ts fails when the committed file is out of date.
 */
import { fileURLToPath } from 'node:url';
import { writeIfChanged } from '../../../scripts/lib/write-generated.js';
import { renderMappingProfileJsonSchema } from './render-json-schema.js';

const target = fileURLToPath(new URL('../schema/mapping-profile.schema.json', import.meta.url));
const written = writeIfChanged(target, renderMappingProfileJsonSchema());
console.log(`manifest: ${target} ${written ? 'written' : 'unchanged'}`);
