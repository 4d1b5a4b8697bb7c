// Structural check of a .safetensors file without loading its tensors: the header is read, the data is not.
import { open } from 'node:fs/promises';

/** Outcome of {@link isValidSafetensors}. */
export type SafetensorsCheck = { valid: true; tensors: number; size: number } | { valid: false; reason: string };

// Real safetensors refuses headers above 100 MB; anything near that is not a voice state.
const MAX_HEADER = 100_000_000;

/**
 * True when the file is a safetensors container: an 8-byte little-endian header length, a JSON object
 * header, and every tensor's `data_offsets` inside the data section (which must be fully used by them).
 */
export async function isValidSafetensors(file: string): Promise<SafetensorsCheck> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return { valid: false, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error) };
  }
  try {
    const size = (await handle.stat()).size;
    if (size < 8) return { valid: false, reason: `${size} bytes: too short for a safetensors header` };
    const lengthBytes = Buffer.alloc(8);
    await handle.read(lengthBytes, 0, 8, 0);
    const length = lengthBytes.readBigUInt64LE(0);
    if (length > BigInt(Math.min(size - 8, MAX_HEADER))) return { valid: false, reason: `header length ${length} does not fit the file (${size} bytes)` };
    const header = Buffer.alloc(Number(length));
    await handle.read(header, 0, header.length, 8);
    return checkHeader(header, size - 8 - header.length, size);
  } finally {
    await handle.close();
  }
}

function checkHeader(header: Buffer, dataLength: number, size: number): SafetensorsCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header.toString('utf8'));
  } catch {
    return { valid: false, reason: 'the header is not JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { valid: false, reason: 'the header is not a JSON object' };
  let tensors = 0;
  let end = 0;
  for (const [name, entry] of Object.entries(parsed)) {
    if (name === '__metadata__') continue;
    const offsets = (entry as { data_offsets?: unknown } | null)?.data_offsets;
    if (!isOffsetPair(offsets) || offsets[1] > dataLength) return { valid: false, reason: `tensor ${name}: data_offsets ${JSON.stringify(offsets)} do not fit ${dataLength} data bytes` };
    end = Math.max(end, offsets[1]);
    tensors += 1;
  }
  if (end !== dataLength) return { valid: false, reason: `the tensors cover ${end} of ${dataLength} data bytes (truncated or padded file)` };
  return { valid: true, tensors, size };
}

function isOffsetPair(value: unknown): value is [number, number] {
  return Array.isArray(value) && value.length === 2 && value.every((n) => Number.isInteger(n) && (n as number) >= 0) && (value[0] as number) <= (value[1] as number);
}
