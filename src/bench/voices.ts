// Synthetic voice prompts: vowel-like tones made from a recipe, so no recording ships with the package.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildWavHeader, SAMPLE_RATE } from '../audio/index.js';
import type { VoiceSpec } from './samples.js';

// Formant frequencies (Hz) and relative levels of five vowels, an adult's average.
const FORMANTS: Record<VoiceSpec['vowels'][number], readonly (readonly [hz: number, level: number])[]> = {
  a: [[730, 1], [1090, 0.5], [2440, 0.25]],
  e: [[530, 1], [1840, 0.45], [2480, 0.25]],
  i: [[270, 1], [2290, 0.35], [3010, 0.25]],
  o: [[570, 1], [840, 0.6], [2410, 0.15]],
  u: [[300, 1], [870, 0.4], [2240, 0.1]],
};
const BANDWIDTH_HZ = 90;
const SYLLABLE_GAP = 0.15;

/**
 * The 16-bit PCM of a voice: a harmonic series at f0 (with a 5 Hz, ±2 % vibrato) whose harmonics are
 * weighted by the vowel's formants, one vowel per syllable, each syllable faded in and out. Deterministic.
 */
export function synthesizeVoice(spec: VoiceSpec): Int16Array {
  const total = Math.round(spec.seconds * SAMPLE_RATE);
  const perSyllable = total / spec.vowels.length;
  const harmonics = Math.floor(4_000 / spec.f0);
  const weights = spec.vowels.map((vowel) => harmonicWeights(vowel, spec, harmonics));
  const out = new Float64Array(total);
  let phase = 0;
  for (let i = 0; i < total; i += 1) {
    const t = i / SAMPLE_RATE;
    phase += (2 * Math.PI * spec.f0 * (1 + 0.02 * Math.sin(2 * Math.PI * 5 * t))) / SAMPLE_RATE;
    const syllable = Math.min(spec.vowels.length - 1, Math.floor(i / perSyllable));
    const weight = weights[syllable] ?? [];
    out[i] = harmonicSum(weight, phase) * envelope((i - syllable * perSyllable) / perSyllable);
  }
  return toInt16(out);
}

/** Writes each voice as `<dir>/<id>.wav` and returns the files by id. */
export async function writeVoices(specs: readonly VoiceSpec[], dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const spec of specs) {
    const pcm = synthesizeVoice(spec);
    const data = Buffer.alloc(pcm.length * 2);
    pcm.forEach((sample, i) => data.writeInt16LE(sample, i * 2)); // WAV is little-endian whatever the CPU.
    const file = join(dir, `${spec.id}.wav`);
    await writeFile(file, Buffer.concat([buildWavHeader({ dataBytes: data.length }), data]));
    files.set(spec.id, file);
  }
  return files;
}

// Σ weight[k] · sin((k+1)·phase), the sines by the recurrence sin((k+1)x) = 2cos(x)·sin(kx) − sin((k−1)x).
function harmonicSum(weight: readonly number[], phase: number): number {
  const twoCos = 2 * Math.cos(phase);
  let previous = 0;
  let current = Math.sin(phase);
  let sum = 0;
  for (const w of weight) {
    sum += w * current;
    const next = twoCos * current - previous;
    previous = current;
    current = next;
  }
  return sum;
}

// A source falling 6 dB per octave, times a resonance peak at each formant.
function harmonicWeights(vowel: VoiceSpec['vowels'][number], spec: VoiceSpec, harmonics: number): number[] {
  return Array.from({ length: harmonics }, (_, index) => {
    const hz = (index + 1) * spec.f0;
    const resonance = FORMANTS[vowel].reduce((sum, [formant, level]) => sum + level / (1 + ((hz - formant * spec.formantScale) / BANDWIDTH_HZ) ** 2), 0);
    return resonance / (index + 1);
  });
}

// Silent gaps between syllables, a raised-sine rise and fall within one.
function envelope(position: number): number {
  const voiced = (position - SYLLABLE_GAP / 2) / (1 - SYLLABLE_GAP);
  return voiced <= 0 || voiced >= 1 ? 0 : Math.sin(Math.PI * voiced) ** 2;
}

// Peak-normalised to half of full scale.
function toInt16(samples: Float64Array): Int16Array {
  const peak = samples.reduce((max, value) => Math.max(max, Math.abs(value)), 0) || 1;
  return Int16Array.from(samples, (value) => Math.round((value / peak) * 16_383));
}
