import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { CATALOG_VOICES } from '../../src/request/catalog.js';
import { resolveVoice, resolveVoiceName, type VoicePolicy } from '../../src/request/voice.js';

const named = new Map([['narrator', '/voices/narrator.safetensors']]);
const policy: VoicePolicy = { roots: [process.cwd()], allowRemote: false, named };

async function refusal(run: () => unknown): Promise<string> {
  const error = await Promise.resolve().then(run).then(() => null, (e: unknown) => e);
  if (!isTtsError(error, 'INVALID_VOICE')) throw new Error(`expected INVALID_VOICE, got ${String(error)}`);
  expect(error.field).toBe('voice');
  return error.shortMessage;
}

// Issues 17 and 20: a typo'd voice name lists the known names and says which one was meant, wherever it is given.
describe('an unknown voice name', () => {
  it.each([
    ['a typo of an exported name', 'narator', 'narrator'],
    ['a typo of a catalog name', 'albaa', 'alba'],
    ['a transposed catalog name', 'mairus', 'marius'],
  ])('%s: INVALID_VOICE with "did you mean" and the known names (API and server alike)', async (_, voice, meant) => {
    for (const message of [await refusal(() => resolveVoice(voice, policy, false)), await refusal(() => resolveVoiceName(voice, named))]) {
      expect(message).toContain(`unknown voice "${voice}"`);
      expect(message).toContain(`did you mean "${meant}"?`);
      expect(message).toContain('narrator (exported), alba, marius');
      expect(message).not.toContain('/voices/');
    }
  });

  it('far from every name: the list, no guess', async () => {
    const message = await refusal(() => resolveVoiceName('zzzzzzzzzz', named));
    expect(message).not.toContain('did you mean');
    expect(message).toContain(CATALOG_VOICES.at(-1));
  });

  it('the list is bounded: many exported voices are counted, not all printed', async () => {
    const many = new Map(Array.from({ length: 100 }, (_, i) => [`voice${i}`, `/v/${i}.safetensors`]));
    const message = await refusal(() => resolveVoiceName('qqqqqqqqqq', many));
    expect(message).toMatch(/and 87 more\)$/);
    expect(message.length).toBeLessThan(1_000);
  });

  it('a path-like value keeps the file wording (a missing extension is named)', async () => {
    expect(await refusal(() => resolveVoice('voices/narrator', policy, false))).toContain('supported extension');
  });
});
