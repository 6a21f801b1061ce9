#!/usr/bin/env node
// `npm run bundle:check -- <dir|url>`: models/bundle/check-bundle.node.ts.
import { importTs } from './import-ts.mjs';

const { main } = await importTs('models/bundle/check-bundle.node.ts', 'bundle-check');
process.exitCode = await main(process.argv.slice(2));
