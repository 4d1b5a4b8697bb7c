import { describe, expect, it } from 'vitest';
import { planVoice } from '../../src/voices/plan.js';
import type { VoiceJob } from '../../src/voices/source.js';

const job: VoiceJob = { name: 'narrator', source: 'a.wav', input: '/p/a.wav', sourceSha256: 'abc', language: 'english', config: undefined, configSha256: undefined };
const entry = (pocketTtsVersion: string | undefined) => ({ file: 'narrator.safetensors', sourceSha256: 'abc', language: 'english', ...(pocketTtsVersion === undefined ? {} : { pocketTtsVersion }), sha256: 'x', size: 1 });

describe('planVoice across releases (exported voices record the release they were made with)', () => {
  it.each([
    ['2.1.0', '4.0.1', 'pocket-tts changed (2.1.0 → 4.0.1; voice-state format kv-cache-1 → kv-cache-2)'],
    ['3.3.0', '4.0.1', 'pocket-tts changed (3.3.0 → 4.0.1; same voice-state format kv-cache-2, other model)'],
    ['4.0.1', '2.1.0+double', 'pocket-tts changed (4.0.1 → 2.1.0+double; voice-state format kv-cache-2 → kv-cache-1)'],
    [undefined, '4.0.1', 'pocket-tts changed (unknown → 4.0.1; format unknown)'],
  ])('a voice made with %s is re-exported on %s', async (was, now, reason) => {
    const planned = await planVoice({ ok: true, job }, { dir: '/nonexistent', entries: { narrator: entry(was) }, pocketTtsVersion: now, force: false, indexProblem: null });
    expect(planned).toMatchObject({ action: 'export', reason });
  });
});
