#!/usr/bin/env node
// Writes test/double/pocket_tts/releases.json from the supported rows (src/pocket-tts/versions.ts): the
// double (stdlib-only Python) reads each release's languages, Hub pins and catalog from it.
// `npm run double:releases` (after a change of the rows); test/double/releases.test.ts checks they agree.
import { writeFile } from 'node:fs/promises';
import { doubleReleases } from '../dist/src/double/releases.js';

const file = new URL('../test/double/pocket_tts/releases.json', import.meta.url);
await writeFile(file, `${JSON.stringify(doubleReleases(), null, 1)}\n`);
console.log(`wrote ${file.pathname}`);
