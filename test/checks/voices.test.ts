import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { voices } from '../../checks/voices.js';
import { facts, removeTempDirs, tempDir } from './support.js';

afterAll(removeTempDirs);

/** A minimal valid safetensors file: one F32 tensor of `count` values. */
function safetensors(count = 4): Buffer {
  const header = Buffer.from(JSON.stringify({ __metadata__: { format: 'pt' }, 'x.cache': { dtype: 'F32', shape: [count], data_offsets: [0, count * 4] } }));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(header.length));
  return Buffer.concat([length, header, Buffer.alloc(count * 4)]);
}

async function voicesDir(entries: Record<string, { file: string; size: number; content?: Buffer }>, index?: string): Promise<string> {
  const dir = await tempDir('ptr-voices-');
  const manifest: Record<string, unknown> = {};
  for (const [name, e] of Object.entries(entries)) {
    if (e.content !== undefined) await writeFile(join(dir, e.file), e.content);
    manifest[name] = { file: e.file, size: e.size, source: `voices/${name}.wav`, sourceSha256: 'a'.repeat(64), pocketTtsVersion: '2.1.0', language: 'english', sha256: 'b'.repeat(64), exportedAt: '2025-01-01T00:00:00Z' };
  }
  await writeFile(join(dir, 'index.json'), index ?? JSON.stringify({ schemaVersion: 1, voices: manifest }));
  return dir;
}

const ok = safetensors();

describe('voices check', () => {
  it('is skipped without an index', async () => {
    const outcome = await voices.run(facts({ options: { voicesDir: '/nonexistent/voices' } }));
    expect(outcome).toMatchObject({ status: 'skip', message: 'no exported voices (/nonexistent/voices/index.json does not exist)' });
  });

  it.each([
    ['valid files', { anna: { file: 'anna.safetensors', size: ok.length, content: ok } }, 'pass', '1 exported voice in'],
    ['a missing file', { anna: { file: 'anna.safetensors', size: ok.length } }, 'fail', 'anna.safetensors is missing'],
    ['a size mismatch', { anna: { file: 'anna.safetensors', size: ok.length + 1, content: ok } }, 'fail', `has ${ok.length} bytes, the index says ${ok.length + 1}`],
    ['a file that is not safetensors', { anna: { file: 'anna.safetensors', size: 5, content: Buffer.from('RIFF!') } }, 'fail', 'is not valid safetensors: 5 bytes: too short'],
    ['a truncated file', { anna: { file: 'anna.safetensors', size: ok.length - 4, content: ok.subarray(0, ok.length - 4) } }, 'fail', 'do not fit'],
  ] as const)('%s', async (_, entries, status, message) => {
    const outcome = await voices.run(facts({ options: { voicesDir: await voicesDir(entries) } }));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toContain(message);
    if (status === 'fail') expect(outcome.hint).toBe('pocket-tts-runtime voices export');
  });

  it.each([
    ['not JSON', '{', 'not JSON'],
    ['a wrong schema version', JSON.stringify({ schemaVersion: 2, voices: {} }), 'schemaVersion'],
    ['a path outside the folder', JSON.stringify({ schemaVersion: 1, voices: { x: { file: '../x.safetensors', size: 1 } } }), 'voices.x.file: must be a file name'],
  ])('fails for an index that is %s', async (_, index, message) => {
    const outcome = await voices.run(facts({ options: { voicesDir: await voicesDir({}, index) } }));
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toContain(message);
  });
});
