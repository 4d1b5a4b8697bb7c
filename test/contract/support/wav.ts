// Test-side WAV helpers: parse pocket-tts's streaming WAV (placeholder sizes) and write voice prompts.
// Stand-alone on purpose: the contract suite must not import from src/.

/** Bytes of the canonical header pocket-tts writes. */
export const HEADER_BYTES = 44;
/** One 80 ms frame: 1,920 int16 samples at 24 kHz. */
export const FRAME_SAMPLES = 1920;
export const FRAME_BYTES = FRAME_SAMPLES * 2;
/** The 200 ms of silence a successful stream ends with. */
export const TAIL_SAMPLES = 4800;
export const TAIL_BYTES = TAIL_SAMPLES * 2;
/** The size fields pocket-tts never patches. */
export const PLACEHOLDER_RIFF_SIZE = 2_000_000_036;
export const PLACEHOLDER_DATA_SIZE = 2_000_000_000;

/** The 44-byte header, field by field. */
export interface WavHeader {
  riff: string;
  riffSize: number;
  wave: string;
  fmt: string;
  fmtSize: number;
  audioFormat: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  data: string;
  dataSize: number;
}

/** Reads the 44-byte canonical header (throws if fewer bytes). */
export function parseHeader(buf: Uint8Array): WavHeader {
  if (buf.length < HEADER_BYTES) throw new Error(`WAV stream too short for a header: ${buf.length} bytes`);
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return {
    riff: b.toString('latin1', 0, 4),
    riffSize: b.readUInt32LE(4),
    wave: b.toString('latin1', 8, 12),
    fmt: b.toString('latin1', 12, 16),
    fmtSize: b.readUInt32LE(16),
    audioFormat: b.readUInt16LE(20),
    channels: b.readUInt16LE(22),
    sampleRate: b.readUInt32LE(24),
    byteRate: b.readUInt32LE(28),
    blockAlign: b.readUInt16LE(32),
    bitsPerSample: b.readUInt16LE(34),
    data: b.toString('latin1', 36, 40),
    dataSize: b.readUInt32LE(40),
  };
}

/** The PCM bytes after the header (the real data length is total − 44, never the header's size field). */
export function pcmBytes(buf: Uint8Array): Buffer {
  return Buffer.from(buf.buffer, buf.byteOffset + HEADER_BYTES, buf.byteLength - HEADER_BYTES);
}

/** int16 LE samples of the stream (copied, so alignment does not matter). */
export function samples(buf: Uint8Array): Int16Array {
  const pcm = pcmBytes(buf);
  const out = new Int16Array(Math.floor(pcm.length / 2));
  for (let i = 0; i < out.length; i += 1) out[i] = pcm.readInt16LE(i * 2);
  return out;
}

/** True when the stream ends with 4,800 zero samples. */
export function hasSilentTail(buf: Uint8Array): boolean {
  const pcm = pcmBytes(buf);
  if (pcm.length < TAIL_BYTES) return false;
  for (let i = pcm.length - TAIL_BYTES; i < pcm.length; i += 1) if (pcm[i] !== 0) return false;
  return true;
}

/** The PCM bytes of a successful stream without its trailing 200 ms of silence. */
export function pcmWithoutTail(buf: Uint8Array): Buffer {
  const pcm = pcmBytes(buf);
  return pcm.subarray(0, pcm.length - TAIL_BYTES);
}

/** Root mean square of int16 samples, in sample units. */
export function rms(s: Int16Array): number {
  if (s.length === 0) return 0;
  let acc = 0;
  for (const v of s) acc += v * v;
  return Math.sqrt(acc / s.length);
}

/** Audio duration in milliseconds of the PCM part (without the silent tail when it has one). */
export function audioMs(buf: Uint8Array): number {
  const bytes = hasSilentTail(buf) ? pcmWithoutTail(buf).length : pcmBytes(buf).length;
  return (bytes / 2 / 24000) * 1000;
}

/**
 * Everything the contract says about a complete, successful stream; returns a list of violations
 * (empty when the stream conforms), so one assertion shows every problem at once.
 */
export function streamViolations(buf: Uint8Array, opts: { complete?: boolean; sizes?: 'placeholder' | 'real' } = {}): string[] {
  const complete = opts.complete ?? true;
  // Streams always carry the placeholders; a file written by 3.3.0+ carries its real sizes.
  const real = opts.sizes === 'real';
  const problems: string[] = [];
  if (buf.length < HEADER_BYTES) return [`only ${buf.length} bytes, no 44-byte header`];
  const h = parseHeader(buf);
  const want: Record<keyof WavHeader, string | number> = {
    riff: 'RIFF', riffSize: real ? buf.length - 8 : PLACEHOLDER_RIFF_SIZE, wave: 'WAVE', fmt: 'fmt ', fmtSize: 16, audioFormat: 1,
    channels: 1, sampleRate: 24000, byteRate: 48000, blockAlign: 2, bitsPerSample: 16, data: 'data',
    dataSize: real ? buf.length - HEADER_BYTES : PLACEHOLDER_DATA_SIZE,
  };
  for (const key of Object.keys(want) as (keyof WavHeader)[]) {
    if (h[key] !== want[key]) problems.push(`header ${key}: expected ${String(want[key])}, got ${String(h[key])}`);
  }
  const dataLen = buf.length - HEADER_BYTES;
  if (dataLen % 2 !== 0) problems.push(`data length ${dataLen} is odd`);
  if (complete) {
    if (!hasSilentTail(buf)) problems.push('no trailing 4,800 zero samples');
    const audio = dataLen - TAIL_BYTES;
    if (audio <= 0) problems.push(`no audio before the tail (data length ${dataLen})`);
    else if (audio % FRAME_BYTES !== 0) problems.push(`audio length ${audio} is not a multiple of ${FRAME_BYTES}`);
    const s = samples(buf).subarray(0, Math.max(0, audio / 2));
    if (rms(s) < 1) problems.push('audio before the tail is silent');
  }
  return problems;
}

/** A valid RIFF/WAVE file (real sizes) of a mono 16-bit tone with a few harmonics and a slow tremolo. */
export function toneWav(opts: { seconds?: number; sampleRate?: number; freq?: number } = {}): Buffer {
  const seconds = opts.seconds ?? 3;
  const rate = opts.sampleRate ?? 24000;
  const freq = opts.freq ?? 220;
  const n = Math.round(seconds * rate);
  const out = Buffer.alloc(HEADER_BYTES + n * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + n * 2, 4);
  out.write('WAVE', 8, 'latin1');
  out.write('fmt ', 12, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i += 1) {
    const t = i / rate;
    const tone = Math.sin(2 * Math.PI * freq * t) + 0.5 * Math.sin(4 * Math.PI * freq * t) + 0.25 * Math.sin(6 * Math.PI * freq * t);
    const env = 0.6 + 0.4 * Math.sin(2 * Math.PI * 3 * t);
    out.writeInt16LE(Math.round(tone * env * 0.3 * 32767 / 1.75), HEADER_BYTES + i * 2);
  }
  return out;
}

/** The first `seconds` of a WAV written by {@link toneWav} (header fixed up). */
export function truncateWav(wav: Buffer, seconds: number): Buffer {
  const rate = wav.readUInt32LE(24);
  const n = Math.min((wav.length - HEADER_BYTES) / 2, Math.round(seconds * rate));
  const out = Buffer.from(wav.subarray(0, HEADER_BYTES + n * 2));
  out.writeUInt32LE(36 + n * 2, 4);
  out.writeUInt32LE(n * 2, 40);
  return out;
}
