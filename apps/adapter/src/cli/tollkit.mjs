#!/usr/bin/env node
// `tollkit` executable: the packages ship TypeScript sources (no build step), so load them through tsx.
import { register } from 'tsx/esm/api';

register();
await import('./bin.ts');
