import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWavHeader } from '../../src/audio/index.js';
import { loadSampleTexts, loadVoiceSpecs, synthesizeVoice, writeVoices } from '../../src/bench/index.js';
import { tempDir } from '../support/double-runtime.js';

describe('sample inputs', () => {
  it('ships a sentence, a paragraph and a page of text', async () => {
    const [short, medium, long] = await loadSampleTexts();
    expect(short).toMatchObject({ id: 'short', sentences: 1 });
    expect(short?.chars).toBeLessThan(120);
    expect(medium?.sentences).toBeGreaterThanOrEqual(3);
    expect(medium?.chars).toBeGreaterThan(300);
    expect(long?.chars).toBeGreaterThan(1_200);
    expect(long?.text).toContain('\n\n');
  });

  it('ships its samples folder in the npm package', () => {
    const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain('src/bench/samples');
  });

  it('synthesizes the voices as valid, deterministic, non-silent 24 kHz WAVs', async () => {
    const specs = await loadVoiceSpecs();
    expect(specs.map((spec) => spec.id)).toEqual(['synth-low', 'synth-high']);
    const dir = await tempDir('ptr-bench-voices-');
    const files = await writeVoices(specs, dir);
    for (const spec of specs) {
      const wav = readFileSync(files.get(spec.id) ?? '');
      expect(parseWavHeader(wav).declaredDataSize).toBe(spec.seconds * 24_000 * 2);
      expect(wav.length).toBe(44 + spec.seconds * 24_000 * 2);
      const pcm = synthesizeVoice(spec);
      expect(pcm.reduce((max, s) => Math.max(max, Math.abs(s)), 0)).toBe(16_383);
      expect(Buffer.from(synthesizeVoice(spec).buffer).equals(Buffer.from(pcm.buffer))).toBe(true);
    }
  });
});
