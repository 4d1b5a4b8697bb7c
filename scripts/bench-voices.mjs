#!/usr/bin/env node
// Benchmark (issue 7, voices): a batch of voice exports with ONE model load (exportVoices(), the Python
// helper) against the same voices exported by separate `pocket-tts export-voice` calls (one model load
// each), on the contract double with a realistic model load and encoding cost.
// Usage: npm run build && node scripts/bench-voices.mjs [--voices 10] [--load-ms 3000] [--encode-ms 400]
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { argv } from 'zx';
import { exportVoices } from '../dist/src/index.js';
import { engineEnv } from '../dist/src/process/index.js';
import { printTable, provisionDouble, timed } from './bench-lib.mjs';
import { sineWav } from '../dist/src/audio/index.js';

const count = Number(argv.voices ?? 10);
const loadMs = Number(argv['load-ms'] ?? 3000);
const encodeMs = Number(argv['encode-ms'] ?? 400);
const TARGET = 4;

const root = await mkdtemp(join(tmpdir(), 'ptr-bench-voices-'));
try {
  const base = await provisionDouble(root);
  const runtime = { ...base, env: { ...base.env, POCKET_TTS_DOUBLE_LOAD_MS: String(loadMs), POCKET_TTS_DOUBLE_ENCODE_MS: String(encodeMs) } };
  const { manifest, wavs } = await writeVoices(join(root, 'project'));
  let result;
  const helperMs = await timed(async () => {
    result = await exportVoices({ manifest, runtime, out: join(root, 'out-helper') });
  });
  if (result.method !== 'helper' || result.exported !== count) throw new Error(`helper run went wrong: ${JSON.stringify(result, null, 2)}`);
  const cliMs = await timed(() => separateCalls(runtime, wavs, join(root, 'out-cli')));
  printTable(`${count} voices, double: ${loadMs} ms model load, ${encodeMs} ms encoding per voice`, [
    [`exportVoices() (helper, ${result.modelLoads} model load)`, helperMs],
    [`${count} x pocket-tts export-voice (sequential)`, cliMs],
  ]);
  const ratio = cliMs / helperMs;
  console.log(`ratio export-voice/helper: ${ratio.toFixed(2)}x`);
  console.log(`target: >= ${TARGET}x faster -> ${ratio >= TARGET ? 'MET' : 'NOT MET'} (${ratio.toFixed(2)}x)`);
} finally {
  await rm(root, { recursive: true, force: true });
}

// 10 distinct 3-second tone WAVs (24 kHz mono 16-bit) and a manifest naming them.
async function writeVoices(dir) {
  await mkdir(join(dir, 'audio'), { recursive: true });
  const voices = [];
  const wavs = [];
  for (let i = 0; i < count; i += 1) {
    const file = join(dir, 'audio', `voice-${i}.wav`);
    await writeFile(file, toneWav(3, 150 + 20 * i));
    voices.push({ name: `voice-${i}`, source: `audio/voice-${i}.wav`, language: 'english' });
    wavs.push(file);
  }
  const manifest = join(dir, 'voices.json');
  await writeFile(manifest, JSON.stringify({ voices }, null, 2));
  return { manifest, wavs };
}

async function separateCalls(runtime, wavs, out) {
  await mkdir(out, { recursive: true });
  for (const [i, wav] of wavs.entries()) {
    await execa(runtime.pocketTts.file, [...runtime.pocketTts.args, 'export-voice', wav, join(out, `voice-${i}.safetensors`), '--language', 'english'], { env: engineEnv(runtime), extendEnv: false });
  }
}

function toneWav(seconds, hz) {
  return sineWav({ seconds, hz });
}
