#!/usr/bin/env node
// Regenerates README.md's CLI reference from the CLI itself (npm run docs:cli, after npm run build).
import { readFile, writeFile } from 'node:fs/promises';
import { createProgram } from '../dist/src/cli/program.js';
import { REFERENCE_END, REFERENCE_START, cliReference } from '../dist/src/cli/reference.js';

const file = new URL('../README.md', import.meta.url);
const readme = await readFile(file, 'utf8');
const start = readme.indexOf(REFERENCE_START);
const end = readme.indexOf(REFERENCE_END);
if (start < 0 || end < start) throw new Error('README.md has no CLI reference markers');
const next = `${readme.slice(0, start + REFERENCE_START.length)}\n\n${cliReference(createProgram())}\n\n${readme.slice(end)}`;
await writeFile(file, next);
console.log(next === readme ? 'README.md CLI reference already up to date' : 'README.md CLI reference regenerated');
