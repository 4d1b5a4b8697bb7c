import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBytes, freeSpace, probeWritable } from '../../src/preflight/facts/fs.js';
import { isValidSafetensors } from '../../src/fs/safetensors.js';
import { removeTempDirs, tempDir } from '../checks/support.js';

afterAll(removeTempDirs);

function safetensors(header: unknown, dataBytes: number): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(dataBytes)]);
}

describe('isValidSafetensors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir('ptr-st-');
  });
  const check = async (name: string, content: Buffer) => {
    await writeFile(join(dir, name), content);
    return isValidSafetensors(join(dir, name));
  };
  const tensor = (offsets: unknown) => ({ __metadata__: { format: 'pt' }, a: { dtype: 'F32', shape: [2], data_offsets: offsets } });

  it.each([
    ['a valid file', safetensors(tensor([0, 8]), 8), true, ''],
    ['metadata only, no data', safetensors({ __metadata__: {} }, 0), true, ''],
    ['too short', Buffer.from('abc'), false, 'too short'],
    ['a header longer than the file', Buffer.concat([Buffer.from([255, 255, 0, 0, 0, 0, 0, 0]), Buffer.from('{}')]), false, 'does not fit the file'],
    ['a header that is not JSON', Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0, 0, 0]), Buffer.from('{x')]), false, 'not JSON'],
    ['a JSON array header', safetensors([1], 0), false, 'not a JSON object'],
    ['offsets past the data', safetensors(tensor([0, 16]), 8), false, 'do not fit 8 data bytes'],
    ['bad offsets', safetensors(tensor([8, 0]), 8), false, 'data_offsets [8,0]'],
    ['trailing bytes', safetensors(tensor([0, 8]), 12), false, 'cover 8 of 12 data bytes'],
  ] as const)('%s', async (name, content, valid, reason) => {
    const result = await check(name.replaceAll(' ', '-'), content);
    expect(result.valid).toBe(valid);
    if (!result.valid) expect(result.reason).toContain(reason);
  });

  it('reports a missing file', async () => {
    expect(await isValidSafetensors(join(dir, 'nope'))).toEqual({ valid: false, reason: 'file not found' });
  });
});

describe('probeWritable and freeSpace', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempDir('ptr-fs-');
    await writeFile(join(root, 'file'), 'x');
  });

  it('creates missing parents, writes, renames and deletes, leaving nothing behind', async () => {
    const dir = join(root, 'a', 'b');
    expect(await probeWritable(dir)).toEqual({ ok: true, dir, created: true });
    expect(await readdir(dir)).toEqual([]);
    expect(await probeWritable(dir)).toEqual({ ok: true, dir, created: false });
  });

  it('names the regular file in the way', async () => {
    expect(await probeWritable(join(root, 'file', 'hub'))).toMatchObject({ ok: false, step: 'create', code: 'ENOTDIR', blocker: join(root, 'file') });
    expect(await probeWritable(join(root, 'file'))).toMatchObject({ ok: false, step: 'create', code: 'EEXIST', blocker: join(root, 'file') });
  });

  it('measures free space on the nearest existing folder', async () => {
    const space = await freeSpace(join(root, 'not', 'there'));
    expect(space?.measuredAt).toBe(root);
    expect(space?.bytes).toBeGreaterThan(0);
  });

  it.each([[0, '0 B'], [1023, '1023 B'], [1536, '1.5 KiB'], [300 * 1024 ** 2, '300 MiB'], [1024 ** 3, '1.0 GiB']])('formats %d as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
