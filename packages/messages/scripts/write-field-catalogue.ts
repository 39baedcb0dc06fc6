/**
 * Writes docs/fields.md (the field catalogue) from @tollkit/messages' schemas and rules.
 * Usage: pnpm exec tsx scripts/write-field-catalogue.ts — test/field-catalogue.test.ts fails when it is stale.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderFieldCatalogue } from './render-field-catalogue.js';

const target = fileURLToPath(new URL('../../../docs/fields.md', import.meta.url));
await writeFile(target, await renderFieldCatalogue());
console.log(`wrote ${target}`);
