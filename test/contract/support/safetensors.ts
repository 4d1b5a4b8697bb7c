// Parses a .safetensors file: 8-byte little-endian header length, JSON header, tensor data.

export interface TensorInfo {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export interface SafetensorsFile {
  headerLength: number;
  tensors: Record<string, TensorInfo>;
  metadata: Record<string, string> | undefined;
  /** Bytes after the header. */
  dataLength: number;
}

export function parseSafetensors(buf: Buffer): SafetensorsFile {
  if (buf.length < 8) throw new Error(`file too short: ${buf.length} bytes`);
  const n = buf.readBigUInt64LE(0);
  if (n > BigInt(buf.length - 8)) throw new Error(`header length ${n} exceeds the file (${buf.length} bytes)`);
  const headerLength = Number(n);
  const json = JSON.parse(buf.toString('utf8', 8, 8 + headerLength)) as Record<string, unknown>;
  const tensors: Record<string, TensorInfo> = {};
  let metadata: Record<string, string> | undefined;
  for (const [key, value] of Object.entries(json)) {
    if (key === '__metadata__') metadata = value as Record<string, string>;
    else tensors[key] = value as TensorInfo;
  }
  return { headerLength, tensors, metadata, dataLength: buf.length - 8 - headerLength };
}

const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, F8_E4M3: 1, F8_E5M2: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, I64: 8, U64: 8, F64: 8,
};

/** Problems with the tensors' offsets (empty when every tensor fits the data section and its shape). */
export function safetensorsViolations(file: SafetensorsFile): string[] {
  const problems: string[] = [];
  const names = Object.keys(file.tensors);
  if (names.length === 0) problems.push('no tensors');
  for (const name of names) {
    const t = file.tensors[name];
    if (!t) continue;
    const [start, end] = t.data_offsets;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= file.dataLength)) {
      problems.push(`${name}: offsets [${start}, ${end}] do not fit ${file.dataLength} data bytes`);
      continue;
    }
    const width = DTYPE_BYTES[t.dtype];
    if (width === undefined) problems.push(`${name}: unknown dtype ${t.dtype}`);
    else {
      const count = t.shape.reduce((a, b) => a * b, 1);
      if (count * width !== end - start) problems.push(`${name}: shape ${JSON.stringify(t.shape)} × ${width} B ≠ ${end - start} B`);
    }
  }
  return problems;
}
