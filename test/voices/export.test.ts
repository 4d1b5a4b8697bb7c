import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { voices as voicesCheck } from '../../checks/voices.js';
import { isValidSafetensors } from '../../src/fs/safetensors.js';
import { exportVoices, voiceIndexSchema, type VoiceExportEvent } from '../../src/voices/index.js';
import { facts } from '../checks/support.js';
import { doubleRuntime, writeToneWav } from '../support/double-runtime.js';
import { fixtures } from '../support/fixtures.js';
import { readIndex, stateFiles, traceLines, voicesProject } from './support.js';

const knobs = { LOAD_MS: '20', ENCODE_MS: '10' };

/** The permission bits of exported voice files. */
async function modes(dir: string, names: string[]): Promise<number[]> {
  return Promise.all(names.map(async (name) => (await stat(join(dir, `${name}.safetensors`))).mode & 0o777));
}

describe('exportVoices (helper: one model load)', () => {
  it('exports a batch with one model load, writes a valid index, and a re-run is all cache hits', async () => {
    const project = await voicesProject([{ name: 'narrator', hz: 220 }, { name: 'second', hz: 330, language: 'english' }, { name: 'cat', source: 'marius' }]);
    const trace = join(project.dir, 'trace.jsonl');
    const runtime = await doubleRuntime({ ...knobs, TRACE_FILE: trace });
    const events: VoiceExportEvent[] = [];
    const first = await exportVoices({ manifest: project.manifest, runtime, onEvent: (e) => events.push(e) });
    expect(first).toMatchObject({ method: 'helper', fallbackReason: null, exported: 3, cached: 0, failed: 0, modelLoads: 1, out: project.out, pocketTtsVersion: runtime.versions.pocketTts });
    expect(first.voices.map((v) => [v.name, v.status, v.reason])).toEqual([['narrator', 'exported', 'new voice'], ['second', 'exported', 'new voice'], ['cat', 'exported', 'new voice']]);
    expect(await stateFiles(project.out)).toEqual(['cat.safetensors', 'narrator.safetensors', 'second.safetensors']);
    // pocket-tts writes them 0600 (safetensors 0.8, the double too); the service may run as another user.
    expect(await modes(project.out, ['cat', 'narrator', 'second'])).toEqual([0o644, 0o644, 0o644]);
    expect(await traceLines(trace)).toEqual([]); // no `pocket-tts export-voice` process: the helper did it all
    expect(events.filter((e) => e.type === 'model-loaded')).toHaveLength(1);

    const index = voiceIndexSchema.parse(await readIndex(project.out));
    const narrator = index.voices.narrator;
    expect(narrator).toMatchObject({ file: 'narrator.safetensors', source: 'audio/narrator.wav', pocketTtsVersion: runtime.versions.pocketTts, language: 'english', size: 2_065_672 });
    expect(narrator?.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first.voices[0]).toMatchObject({ file: join(project.out, 'narrator.safetensors'), sha256: narrator?.sha256 });
    expect(await isValidSafetensors(join(project.out, 'narrator.safetensors'))).toMatchObject({ valid: true });
    expect(await voicesCheck.run(facts({ options: { voicesDir: project.out } }))).toMatchObject({ status: 'pass' });

    const again = await exportVoices({ manifest: project.manifest, runtime });
    expect(again).toMatchObject({ method: 'none', exported: 0, cached: 3, failed: 0, modelLoads: 0 });
    expect(again.voices.map((v) => [v.status, v.reason])).toEqual([['cached', 'up to date'], ['cached', 'up to date'], ['cached', 'up to date']]);
    expect(again.voices[0]?.sha256).toBe(narrator?.sha256);
  });

  it('re-exports only what changed: a source, a corrupt output; a dropped voice leaves the index', async () => {
    const project = await voicesProject([{ name: 'a', hz: 200 }, { name: 'b', hz: 300 }, { name: 'c', hz: 400 }, { name: 'd', hz: 500 }]);
    const runtime = await doubleRuntime(knobs);
    await exportVoices({ manifest: project.manifest, runtime });
    const before = await readIndex(project.out);
    await writeToneWav(join(project.dir, 'audio', 'a.wav'), 0.5, 250);
    await writeFile(join(project.out, 'b.safetensors'), 'truncated');
    const manifest = JSON.parse(await readFile(project.manifest, 'utf8')) as { voices: { name: string }[] };
    await writeFile(project.manifest, JSON.stringify({ voices: manifest.voices.filter((v) => v.name !== 'd') }));

    const result = await exportVoices({ manifest: project.manifest, runtime });
    expect(result.voices.map((v) => [v.name, v.status, v.reason])).toEqual([['a', 'exported', 'source changed'], ['b', 'exported', 'output changed or corrupt'], ['c', 'cached', 'up to date']]);
    expect(result).toMatchObject({ removed: ['d'], modelLoads: 1 });
    const after = await readIndex(project.out);
    expect(Object.keys(after.voices).sort()).toEqual(['a', 'b', 'c']);
    expect(after.voices.a?.sha256).not.toBe(before.voices.a?.sha256);
    expect(after.voices.c).toEqual(before.voices.c);
    expect(await stateFiles(project.out)).toEqual(['a.safetensors', 'b.safetensors', 'c.safetensors']);
  });

  it('a source pocket-tts cannot read fails only its voice, in the same helper run; a not-RIFF file fails before any load', async () => {
    const project = await voicesProject([{ name: 'good', hz: 220 }, { name: 'chunks', broken: 'bad-chunks' }, { name: 'text', broken: 'not-riff' }, { name: 'missing', source: 'audio/nope.wav' }]);
    const result = await exportVoices({ manifest: project.manifest, runtime: await doubleRuntime(knobs) });
    expect(result).toMatchObject({ method: 'helper', exported: 1, failed: 3, modelLoads: 1 });
    const byName = Object.fromEntries(result.voices.map((v) => [v.name, v]));
    expect(byName.good).toMatchObject({ status: 'exported' });
    expect(byName.chunks).toMatchObject({ status: 'failed', file: null, sha256: null, error: { code: 'INVALID_VOICE', message: expect.stringMatching(/^voice "chunks": wave\.Error: /) as string } });
    expect(byName.text?.error).toMatchObject({ code: 'INVALID_VOICE', message: expect.stringContaining('is not a WAV file') as string });
    expect(byName.missing?.error).toMatchObject({ code: 'INVALID_VOICE', message: expect.stringContaining('does not exist') as string });
    expect(Object.keys((await readIndex(project.out)).voices)).toEqual(['good']);
    expect(await stateFiles(project.out)).toEqual(['good.safetensors']);
  });

  it('a model that cannot load fails every voice with the classified error (one load attempt)', async () => {
    const project = await voicesProject([{ name: 'a', hz: 220 }, { name: 'b', hz: 330 }]);
    const result = await exportVoices({ manifest: project.manifest, runtime: await doubleRuntime({ ...knobs, FAIL: 'offline' }) });
    expect(result).toMatchObject({ method: 'helper', exported: 0, failed: 2, modelLoads: 0 });
    for (const voice of result.voices) expect(voice.error).toMatchObject({ code: 'MODEL_DOWNLOAD_FAILED', message: expect.stringContaining('LocalEntryNotFoundError') as string });
  });
});

describe('exportVoices: fallback to one `pocket-tts export-voice` per voice', () => {
  it('switches when the API cannot be imported, reports it, and writes the same states as the helper', async () => {
    const specs = [{ name: 'a', hz: 220 }, { name: 'b', hz: 330 }];
    const viaHelper = await voicesProject(specs);
    const viaCli = await voicesProject(specs);
    const trace = join(viaCli.dir, 'trace.jsonl');
    const base = await doubleRuntime({ ...knobs, TRACE_FILE: trace });
    // An interpreter without site-packages: `from pocket_tts import …` raises ModuleNotFoundError, like a version without the API.
    const noApi = { ...base, python: { file: fixtures().python, args: ['-I', '-S'] } };
    const [helper, fallback] = await Promise.all([exportVoices({ manifest: viaHelper.manifest, runtime: base }), exportVoices({ manifest: viaCli.manifest, runtime: noApi })]);
    expect(fallback).toMatchObject({ method: 'cli-fallback', exported: 2, failed: 0, modelLoads: 0 });
    expect(fallback.fallbackReason).toMatch(/Python API is not importable \((ModuleNotFoundError|ImportError): .*pocket_tts/);
    expect((await traceLines(trace)).map((t) => [t.command, t.voice?.kind])).toEqual([['export-voice', 'file'], ['export-voice', 'file']]);
    expect(fallback.voices.map((v) => v.sha256)).toEqual(helper.voices.map((v) => v.sha256));
    expect(await modes(viaCli.out, ['a', 'b'])).toEqual([0o644, 0o644]);
  });

  it('without a known Python, and per voice failures still classified', async () => {
    const project = await voicesProject([{ name: 'good', hz: 220 }, { name: 'chunks', broken: 'bad-chunks' }]);
    const runtime = { ...(await doubleRuntime(knobs)), python: null };
    const result = await exportVoices({ manifest: project.manifest, runtime });
    expect(result).toMatchObject({ method: 'cli-fallback', fallbackReason: "the runtime's Python is unknown", exported: 1, failed: 1 });
    expect(result.voices[1]).toMatchObject({ name: 'chunks', status: 'failed', error: { code: 'INVALID_VOICE', exitCode: 1 } });
    expect(Object.keys((await readIndex(project.out)).voices)).toEqual(['good']);
  });
});
