import { describe, expect, it } from 'vitest';
import { fetchCommands, hubCachePath, requiredHubFiles } from '../../src/hub/files.js';
import { isTtsError } from '../../src/errors/index.js';
import { SUPPORTED_RELEASES } from '../../src/pocket-tts/index.js';

const OPEN = 'kyutai/pocket-tts-without-voice-cloning';

describe('requiredHubFiles (the contract table: 2.1.0)', () => {
  it('lists english in load order with pinned commits', () => {
    expect(requiredHubFiles({ language: 'english', cloning: true, version: '2.1.0' }).map((f) => [f.repo, f.revision, f.path, f.required, f.kind])).toEqual([
      [OPEN, 'd29db7978e464fb90cb3359ee0c69a273b9142cc', 'languages/english/tokenizer.model', true, 'tokenizer'],
      ['kyutai/pocket-tts', '39592ff23c9ef80098bb74895d104c26275fe2c9', 'languages/english/model.safetensors', false, 'weights-cloning'],
      [OPEN, 'd29db7978e464fb90cb3359ee0c69a273b9142cc', 'languages/english/model.safetensors', true, 'weights'],
      [OPEN, 'e041936c75475d350b405bc870bcf7c22da4e9e6', 'languages/english/embeddings/alba.safetensors', true, 'voice'],
    ]);
  });

  it('keeps english_2026-01 tokenizer at the repo root and gives english_2026-04 its own gated commit', () => {
    expect(requiredHubFiles({ language: 'english_2026-01', version: '2.1.0' })[0]?.path).toBe('tokenizer.model');
    expect(requiredHubFiles({ language: 'english_2026-04', cloning: true, version: '2.1.0' })[1]?.revision).toBe('19f95fe2df36e79fbd9f10008595cc4c977a0fcc');
  });

  it.each(SUPPORTED_RELEASES.flatMap((r) => Object.keys(r.languages).map((l) => [r.version, l])))('%s %s: default voice, no gated file unless cloning', (version, language) => {
    const files = requiredHubFiles({ language, version });
    expect(files.map((f) => f.kind)).toEqual(['tokenizer', 'weights', 'voice']);
    expect(files.every((f) => f.required && /^[0-9a-f]{40}$/.test(f.revision))).toBe(true);
  });

  it('follows the installed release: 4.0.1 english is a tokenizer.json at its own commits (2.1.0 files would fail the offline check)', () => {
    expect(requiredHubFiles({ language: 'english', version: '4.0.1', cloning: true }).map((f) => [f.repo, f.revision, f.path])).toEqual([
      [OPEN, '00eac05ed3d16bdc3f6b5d598874019c34a89214', 'languages/english/tokenizer.json'],
      ['kyutai/pocket-tts', 'db04f0e653473e5c7333c69686ac92b7460b0c1d', 'languages/english/model.safetensors'],
      [OPEN, 'a7056f505a4a8ca72d8b5fb1440071d6f1a35739', 'languages/english/model.safetensors'],
      [OPEN, 'a7056f505a4a8ca72d8b5fb1440071d6f1a35739', 'languages/english/embeddings/alba.safetensors'],
    ]);
    expect(requiredHubFiles({ language: 'english', version: '3.3.0' }).map((f) => f.revision)).toEqual([
      '00eac05ed3d16bdc3f6b5d598874019c34a89214', 'e7205b6ee50e654a5ea19f0e9df2b0813b05e921', '4e1e0a3e611c51c0b4ed8174fc10f32a54644303',
    ]);
    expect(requiredHubFiles({ language: 'english_2026-10', version: '4.0.1' })[0]?.path).toBe('languages/english_2026-09/tokenizer.json');
  });

  it('uses the label-less release (2.1.0+double → 2.1.0) and the newest row outside the set', () => {
    expect(requiredHubFiles({ language: 'english', version: '2.1.0+double' })).toEqual(requiredHubFiles({ language: 'english', version: '2.1.0' }));
    expect(requiredHubFiles({ language: 'english', version: '4.0.0' })).toEqual(requiredHubFiles({ language: 'english', version: '4.0.1' }));
  });

  it.each([
    ['2.1.0', 'french', 'use "french_24l"'],
    ['2.1.0', 'dutch', 'Use one of: english'],
    ['4.0.1', 'klingon', 'english_2026-10'],
  ])('%s refuses language %s as INVALID_CONFIG (%s)', (version, language, hint) => {
    const error = caught(() => requiredHubFiles({ language, version }));
    expect(isTtsError(error, 'INVALID_CONFIG')).toBe(true);
    expect(error).toMatchObject({ field: 'language', hint: expect.stringContaining(hint) as unknown });
  });

  it('knows daan from 3.3.0 on only', () => {
    expect(requiredHubFiles({ language: 'dutch', version: '3.3.0' }).at(-1)?.path).toBe('languages/dutch/embeddings/daan.safetensors');
    expect(() => requiredHubFiles({ language: 'english', version: '2.1.0', catalogVoices: ['daan'] })).toThrow(/no catalog voice daan/);
  });

  it('lists each requested voice once', () => {
    const voices = requiredHubFiles({ language: 'spanish', catalogVoices: ['lola', 'alba', 'lola'] }).filter((f) => f.kind === 'voice');
    expect(voices.map((f) => f.path)).toEqual(['languages/spanish/embeddings/lola.safetensors', 'languages/spanish/embeddings/alba.safetensors']);
  });
});

describe('hubCachePath and fetchCommands', () => {
  const [tokenizer, weights, voice] = requiredHubFiles({ language: 'german', version: '2.1.0' });

  it('maps a file to the standard snapshot layout', () => {
    expect(hubCachePath('/c/hub', tokenizer!)).toBe(`/c/hub/models--kyutai--pocket-tts-without-voice-cloning/snapshots/d29db7978e464fb90cb3359ee0c69a273b9142cc/languages/german/tokenizer.model`);
  });

  it('groups by repo and commit, prefixed by HF_HOME or by a non-default HF_HUB_CACHE', () => {
    expect(fetchCommands([tokenizer!, weights!, voice!], { hfHome: '/data/hf', hfHubCache: '/data/hf/hub' })).toEqual([
      `HF_HOME=/data/hf hf download ${OPEN} languages/german/tokenizer.model languages/german/model.safetensors --revision d29db7978e464fb90cb3359ee0c69a273b9142cc`,
      `HF_HOME=/data/hf hf download ${OPEN} languages/german/embeddings/juergen.safetensors --revision e041936c75475d350b405bc870bcf7c22da4e9e6`,
    ]);
    expect(fetchCommands([voice!], { hfHome: '/data/hf', hfHubCache: '/mnt/my cache' })[0]).toMatch(/^HF_HUB_CACHE='\/mnt\/my cache' hf download /);
    expect(fetchCommands([], { hfHome: '/a', hfHubCache: '/a/hub' })).toEqual([]);
  });
});

function caught(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return error;
  }
}
