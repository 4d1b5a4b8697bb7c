#!/usr/bin/env node
// The `pocket-tts-runtime` binary: a thin adapter over the exported API (see program.ts).
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv.slice(2));
