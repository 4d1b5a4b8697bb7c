import { describe, expect, it } from 'vitest';
import { LANGUAGES, CATALOG_VOICES } from '../../src/request/catalog.js';
import { ALL_LANGUAGES, NEWEST_RELEASE, SUPPORTED_RELEASES, SUPPORTED_VERSIONS, nearestSupported, releaseFor, supportedRelease } from '../../src/pocket-tts/index.js';
import { HUB_COMMITS } from '../../src/hub/files.js';

describe('the supported set', () => {
  it('is 2.1.0, the latest 3.x and the latest 4.x, oldest first', () => {
    expect(SUPPORTED_VERSIONS).toEqual(['2.1.0', '3.3.0', '4.0.1']);
    expect(NEWEST_RELEASE.version).toBe('4.0.1');
  });

  it.each([
    ['2.1.0', '2.1.0'],
    ['2.1.0+double', '2.1.0'],
    ['4.0.1', '4.0.1'],
    ['4.0.0', '4.0.1'],
    ['3.0.0', '4.0.1'],
    ['9.9.9', '4.0.1'],
    [null, '4.0.1'],
  ])('releaseFor(%s) follows the %s row (outside the set: the newest)', (version, row) => {
    expect(releaseFor(version).version).toBe(row);
  });

  it.each([
    ['4.0.0', '4.0.1'],
    ['3.0.0', '3.3.0'],
    ['3.2.0', '3.3.0'],
    ['2.0.0', '2.1.0'],
    ['1.1.1', '2.1.0'],
    ['5.1.0', '4.0.1'],
    ['not-a-version', '4.0.1'],
  ])('the nearest supported release to %s is %s', (version, nearest) => {
    expect(nearestSupported(version).version).toBe(nearest);
  });

  it('knows exactly the supported versions', () => {
    expect(supportedRelease('3.3.0+local')?.version).toBe('3.3.0');
    expect(supportedRelease('3.2.0')).toBeUndefined();
  });

  it('the request model accepts the union of every row\'s languages and voices', () => {
    expect([...LANGUAGES].sort()).toEqual([...ALL_LANGUAGES].sort());
    expect([...CATALOG_VOICES].sort()).toEqual([...new Set(SUPPORTED_RELEASES.flatMap((r) => r.catalogVoices))].sort());
  });

  it('2.1.0\'s row agrees with the pins of the first contract', () => {
    const row = releaseFor('2.1.0');
    expect(row.voicePin).toBe(HUB_COMMITS.voices);
    expect(row.languages.english).toMatchObject({ gated: HUB_COMMITS.gated, open: HUB_COMMITS.open });
    expect(row.languages['english_2026-04']?.gated).toBe(HUB_COMMITS.gatedEnglish202604);
  });

  it('per row: languages, voices, flags, WAV header and voice-state format (RUNTIME.md table)', () => {
    const summary = SUPPORTED_RELEASES.map((r) => ({
      version: r.version,
      languages: Object.keys(r.languages).length,
      french: 'french' in r.languages,
      voices: r.catalogVoices.length,
      decode: r.decodeStepsFlag,
      defaultVoiceFlag: r.serveFlags.includes('--default-voice'),
      wav: r.wavHeader,
      state: r.voiceStateFormat,
      beartype: r.requires.includes('beartype'),
      tokenizers: r.requires.includes('tokenizers'),
      temperature: r.languages.english?.temperature,
    }));
    expect(summary).toEqual([
      { version: '2.1.0', languages: 12, french: false, voices: 26, decode: '--lsd-decode-steps', defaultVoiceFlag: false, wav: 'placeholder', state: 'kv-cache-1', beartype: true, tokenizers: false, temperature: 0.7 },
      { version: '3.3.0', languages: 18, french: true, voices: 27, decode: '--sampler-decode-steps', defaultVoiceFlag: true, wav: 'real-sizes', state: 'kv-cache-2', beartype: false, tokenizers: true, temperature: 0.3 },
      { version: '4.0.1', languages: 27, french: true, voices: 27, decode: '--sampler-decode-steps', defaultVoiceFlag: true, wav: 'real-sizes', state: 'kv-cache-2', beartype: false, tokenizers: true, temperature: 0.3 },
    ]);
    expect(releaseFor('4.0.1').languages['english_2m_2026-10']?.eosThreshold).toBe(-1);
  });
});
