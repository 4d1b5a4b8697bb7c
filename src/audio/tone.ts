import { SAMPLE_RATE } from './format.js';
import { buildWavHeader } from './header.js';

/**
 * A WAV of a plain sine tone in pocket-tts's format (24 kHz mono 16-bit): a stand-in voice prompt for
 * tests, benchmarks and the contract double, never a recording.
 */
export function sineWav({ seconds = 1, hz = 220, amplitude = 8000 }: { seconds?: number; hz?: number; amplitude?: number } = {}): Buffer {
  const samples = Math.round(SAMPLE_RATE * seconds);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) data.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / SAMPLE_RATE)), i * 2);
  return Buffer.concat([buildWavHeader({ dataBytes: data.length }), data]);
}
