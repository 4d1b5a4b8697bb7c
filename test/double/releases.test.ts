import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { doubleReleases } from '../../src/double/releases.js';
import { SUPPORTED_VERSIONS } from '../../src/pocket-tts/index.js';

describe("the double's releases.json", () => {
  it('is the supported rows as the double reads them (after a change of src/pocket-tts: npm run double:releases)', async () => {
    const written = JSON.parse(await readFile(new URL('./pocket_tts/releases.json', import.meta.url), 'utf8')) as unknown;
    expect(written).toEqual(doubleReleases());
    expect(Object.keys(written as object)).toEqual([...SUPPORTED_VERSIONS]);
  });
});
