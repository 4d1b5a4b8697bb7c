import { describe, expect, it } from 'vitest';
import { fetchCommands, hubCachePath, requiredHubFiles } from '../../src/hub/files.js';
import { LANGUAGES } from '../../src/hub/languages.js';

const OPEN = 'kyutai/pocket-tts-without-voice-cloning';

describe('requiredHubFiles (the contract table)', () => {
  it('lists english in load order with pinned commits', () => {
    expect(requiredHubFiles({ language: 'english', cloning: true }).map((f) => [f.repo, f.revision, f.path, f.required, f.kind])).toEqual([
      [OPEN, 'd29db7978e464fb90cb3359ee0c69a273b9142cc', 'languages/english/tokenizer.model', true, 'tokenizer'],
      ['kyutai/pocket-tts', '39592ff23c9ef80098bb74895d104c26275fe2c9', 'languages/english/model.safetensors', false, 'weights-cloning'],
      [OPEN, 'd29db7978e464fb90cb3359ee0c69a273b9142cc', 'languages/english/model.safetensors', true, 'weights'],
      [OPEN, 'e041936c75475d350b405bc870bcf7c22da4e9e6', 'languages/english/embeddings/alba.safetensors', true, 'voice'],
    ]);
  });

  it('keeps english_2026-01 tokenizer at the repo root and gives english_2026-04 its own gated commit', () => {
    expect(requiredHubFiles({ language: 'english_2026-01' })[0]?.path).toBe('tokenizer.model');
    expect(requiredHubFiles({ language: 'english_2026-04', cloning: true })[1]?.revision).toBe('19f95fe2df36e79fbd9f10008595cc4c977a0fcc');
  });

  it.each(LANGUAGES.map((l) => [l]))('%s: default voice, no gated file unless cloning', (language) => {
    const files = requiredHubFiles({ language });
    expect(files.map((f) => f.kind)).toEqual(['tokenizer', 'weights', 'voice']);
    expect(files.every((f) => f.required && /^[0-9a-f]{40}$/.test(f.revision))).toBe(true);
  });

  it('lists each requested voice once', () => {
    const voices = requiredHubFiles({ language: 'spanish', catalogVoices: ['lola', 'alba', 'lola'] }).filter((f) => f.kind === 'voice');
    expect(voices.map((f) => f.path)).toEqual(['languages/spanish/embeddings/lola.safetensors', 'languages/spanish/embeddings/alba.safetensors']);
  });
});

describe('hubCachePath and fetchCommands', () => {
  const [tokenizer, weights, voice] = requiredHubFiles({ language: 'german' });

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
