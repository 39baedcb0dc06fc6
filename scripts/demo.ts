/**
 * `npm run demo`: the playground and the adapter on the bundled example manifests (see
 * apps/adapter/src/commands/run-demo.ts). Everything is written under ./demo-run/ (wiped first).
 */
import { resolve } from 'node:path';
import { runDemo } from '../apps/adapter/src/commands/run-demo.js';

const ok = await runDemo({ dir: resolve(process.cwd(), 'demo-run'), out: (line) => process.stdout.write(`${line}\n`) });
process.exit(ok ? 0 : 1);
