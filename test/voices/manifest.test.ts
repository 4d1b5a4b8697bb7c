import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { loadManifest } from '../../src/voices/index.js';
import { tempDir } from '../support/double-runtime.js';

async function manifestFile(content: unknown): Promise<string> {
  const file = join(await tempDir('ptr-manifest-'), 'voices.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const voice = (over: Record<string, unknown> = {}): Record<string, unknown> => ({ name: 'narrator', source: 'audio/narrator.wav', ...over });

describe('voices manifest', () => {
  it('accepts names, sources, an optional language or config; paths stay as written', async () => {
    const file = await manifestFile({ voices: [voice(), voice({ name: 'n2-b_c', source: 'marius', language: 'french_24l' }), voice({ name: '9', config: 'model.yaml' })] });
    const manifest = await loadManifest(file);
    expect(manifest.dir).toBe(join(file, '..'));
    expect(manifest.voices.map((v) => v.name)).toEqual(['narrator', 'n2-b_c', '9']);
  });

  it.each([
    ['an upper-case name', { voices: [voice({ name: 'Narrator' })] }, 'voices[0].name', 'must match ^[a-z0-9][a-z0-9_-]{0,63}$'],
    ['a name with a slash', { voices: [voice({ name: 'a/b' })] }, 'voices[0].name', 'lower-case letters, digits, _ and -'],
    ['a name of 65 characters', { voices: [voice({ name: 'a'.repeat(65) })] }, 'voices[0].name', 'at most 64 characters'],
    ['a name starting with -', { voices: [voice({ name: '-x' })] }, 'voices[0].name', 'must match'],
    ['a catalog name', { voices: [voice({ name: 'alba' })] }, 'voices[0].name', 'is a catalog voice name'],
    ['a duplicate name', { voices: [voice(), voice()] }, 'voices[1].name', 'duplicate voice name "narrator"'],
    ['an empty source', { voices: [voice({ source: ' ' })] }, 'voices[0].source', 'must not be empty'],
    ['an unknown language', { voices: [voice({ language: 'klingon' })] }, 'voices[0].language', 'must be one of english'],
    ['language and config', { voices: [voice({ language: 'english', config: 'c.yaml' })] }, 'voices[0].config', 'cannot be used together'],
    ['an unknown key', { voices: [voice({ sorce: 'x' })] }, 'voices[0]', 'sorce'],
    ['no voices array', { voice: [] }, 'voices', 'expected array'],
  ])('refuses %s with INVALID_CONFIG naming the field', async (_label, content, field, message) => {
    const error: unknown = await loadManifest(await manifestFile(content)).catch((e: unknown) => e);
    expect(isTtsError(error, 'INVALID_CONFIG'), String(error)).toBe(true);
    expect(error).toMatchObject({ field });
    expect((error as Error).message).toContain(message);
  });

  it.each([
    ['a missing file', null, 'does not exist'],
    ['a file that is not JSON', '{ voices: ', 'is not JSON'],
  ])('refuses %s', async (_label, content, message) => {
    const file = content === null ? join(await tempDir('ptr-manifest-'), 'voices.json') : await manifestFile(content);
    await expect(loadManifest(file)).rejects.toMatchObject({ code: 'INVALID_CONFIG', field: 'manifest', message: expect.stringContaining(message) as string });
  });
});
