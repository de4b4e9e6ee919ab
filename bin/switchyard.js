#!/usr/bin/env node
// Runs the TypeScript sources directly (bin/ts-hooks.js), so the CLI works
// right after `npm install` with no build step.
import { register } from 'node:module';

process.setSourceMapsEnabled(true);
register('./ts-hooks.js', import.meta.url);
const { main } = await import('../main.ts');
process.exitCode = await main(process.argv.slice(2));
