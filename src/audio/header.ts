// Parse and build the 44-byte canonical WAV header; pocket-tts's declared sizes are never trusted.
import { TtsError } from '../errors/index.js';
import {
  BITS_PER_SAMPLE,
  BYTE_RATE,
  BYTES_PER_SAMPLE,
  CHANNELS,
  HEADER_BYTES,
  MAX_DATA_BYTES,
  PCM_FORMAT,
  SAMPLE_RATE,
  UNKNOWN_SIZE,
} from './format.js';

/** One fixed field of the canonical header: where it is and the only value accepted. */
export type WavHeaderField =
  | { name: string; offset: number; kind: 'ascii'; expected: string }
  | { name: string; offset: number; kind: 'u16' | 'u32'; expected: number };

/** Every fixed field, in header order (the sizes at offsets 4 and 40 are not fixed). */
export const WAV_HEADER_FIELDS: readonly WavHeaderField[] = [
  { name: 'RIFF chunk id', offset: 0, kind: 'ascii', expected: 'RIFF' },
  { name: 'RIFF form type', offset: 8, kind: 'ascii', expected: 'WAVE' },
  { name: 'fmt chunk id', offset: 12, kind: 'ascii', expected: 'fmt ' },
  { name: 'fmt chunk size', offset: 16, kind: 'u32', expected: 16 },
  { name: 'audio format', offset: 20, kind: 'u16', expected: PCM_FORMAT },
  { name: 'channels', offset: 22, kind: 'u16', expected: CHANNELS },
  { name: 'sample rate', offset: 24, kind: 'u32', expected: SAMPLE_RATE },
  { name: 'byte rate', offset: 28, kind: 'u32', expected: BYTE_RATE },
  { name: 'block align', offset: 32, kind: 'u16', expected: BYTES_PER_SAMPLE },
  { name: 'bits per sample', offset: 34, kind: 'u16', expected: BITS_PER_SAMPLE },
  { name: 'data chunk id', offset: 36, kind: 'ascii', expected: 'data' },
];

/** The sizes a header declares (pocket-tts: placeholders; never use them to find the end of the data). */
export interface WavHeader {
  declaredRiffSize: number;
  declaredDataSize: number;
}

/** Validates the canonical pocket-tts header field by field; throws INVALID_OUTPUT naming the first wrong field. */
export function parseWavHeader(buf: Uint8Array): WavHeader {
  const bytes = asBuffer(buf);
  if (bytes.length < HEADER_BYTES) {
    throw new TtsError('INVALID_OUTPUT', `WAV header is ${bytes.length} bytes long, expected ${HEADER_BYTES}`);
  }
  for (const field of WAV_HEADER_FIELDS) checkField(bytes, field);
  return { declaredRiffSize: bytes.readUInt32LE(4), declaredDataSize: bytes.readUInt32LE(40) };
}

/** Builds the canonical header for `dataBytes` bytes of PCM, or for an unknown length (`null`: sizes 0xFFFFFFFF). */
export function buildWavHeader({ dataBytes }: { dataBytes: number | null }): Buffer {
  if (dataBytes !== null) checkDataBytes(dataBytes);
  const header = Buffer.alloc(HEADER_BYTES);
  for (const field of WAV_HEADER_FIELDS) writeField(header, field);
  header.writeUInt32LE(dataBytes === null ? UNKNOWN_SIZE : dataBytes + HEADER_BYTES - 8, 4);
  header.writeUInt32LE(dataBytes ?? UNKNOWN_SIZE, 40);
  return header;
}

/** Returns a copy of a complete pocket-tts WAV with true sizes: RIFF = total − 8, data = total − 44. */
export function fixWavSizes(buf: Uint8Array): Buffer {
  const bytes = asBuffer(buf);
  parseWavHeader(bytes);
  const header = buildWavHeader({ dataBytes: bytes.length - HEADER_BYTES });
  return Buffer.concat([header, bytes.subarray(HEADER_BYTES)]);
}

function checkDataBytes(dataBytes: number): void {
  if (!Number.isSafeInteger(dataBytes) || dataBytes < 0 || dataBytes > MAX_DATA_BYTES) {
    throw new TtsError('INVALID_OUTPUT', `WAV data length ${dataBytes} is not between 0 and ${MAX_DATA_BYTES} bytes`);
  }
  if (dataBytes % BYTES_PER_SAMPLE !== 0) {
    throw new TtsError('INVALID_OUTPUT', `WAV data length ${dataBytes} is odd: the stream ends with half a sample`);
  }
}

function checkField(bytes: Buffer, field: WavHeaderField): void {
  const actual = readField(bytes, field);
  if (actual === field.expected) return;
  const show = (value: string | number): string => (typeof value === 'string' ? JSON.stringify(value) : String(value));
  throw new TtsError(
    'INVALID_OUTPUT',
    `not a pocket-tts WAV stream: ${field.name} (header byte ${field.offset}) is ${show(actual)}, expected ${show(field.expected)}`,
    { details: { field: field.name, offset: field.offset, actual, expected: field.expected } },
  );
}

function readField(bytes: Buffer, field: WavHeaderField): string | number {
  if (field.kind === 'ascii') return bytes.toString('latin1', field.offset, field.offset + 4);
  return field.kind === 'u16' ? bytes.readUInt16LE(field.offset) : bytes.readUInt32LE(field.offset);
}

function writeField(header: Buffer, field: WavHeaderField): void {
  if (field.kind === 'ascii') header.write(field.expected, field.offset, 'latin1');
  else if (field.kind === 'u16') header.writeUInt16LE(field.expected, field.offset);
  else header.writeUInt32LE(field.expected, field.offset);
}

// A view, not a copy: callers may pass any Uint8Array (fetch bodies give plain ones).
function asBuffer(buf: Uint8Array): Buffer {
  return Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
}
