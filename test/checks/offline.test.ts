import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { judgeOffline, offline, type FilePresence } from '../../checks/offline.js';
import { hubCachePath, requiredHubFiles, type HubFile } from '../../src/hub/files.js';
import type { ProbeFacts } from '../../src/preflight/facts/probe-schema.js';
import { facts, probeFacts, removeTempDirs, runtime, tempDir } from './support.js';

afterAll(removeTempDirs);

const target = { hfHome: '/srv/hf', hfHubCache: '/srv/hf/hub' };
const files = requiredHubFiles({ language: 'english', catalogVoices: ['alba'], cloning: true, version: '2.1.0' });
const presence = (missing: (f: HubFile) => boolean): FilePresence[] => files.map((file) => ({ file, present: !missing(file) }));
const kind = (k: HubFile['kind']) => (f: HubFile) => f.kind === k;

describe('offline check (pure verdict)', () => {
  it.each([
    ['every file present', presence(() => false), false, 'pass', 'all files for english (voices: alba, voice cloning) are in /srv/hf/hub'],
    ['no gated weights, cloning not configured', presence(kind('weights-cloning')), false, 'pass', 'all files for english (voices: alba)'],
    ['open weights missing but the gated ones present', presence(kind('weights')), false, 'pass', 'voice cloning'],
    ['no gated weights with cloning configured', presence(kind('weights-cloning')), true, 'warn', 'no voice cloning offline'],
    ['tokenizer missing', presence(kind('tokenizer')), false, 'fail', '1 of 3 required files are missing from /srv/hf/hub: tokenizer (english): kyutai/pocket-tts-without-voice-cloning/languages/english/tokenizer.model@d29db79'],
    ['weights and voice missing', presence((f) => f.kind === 'weights' || f.kind === 'voice' || f.kind === 'weights-cloning'), false, 'fail', '2 of 3 required files are missing'],
  ] as const)('%s', (_, found, cloning, status, message) => {
    const outcome = judgeOffline(found, facts({ options: { offline: true, cloning } }), target);
    expect(outcome.status).toBe(status);
    expect(outcome.message).toContain(message);
  });

  it('gives the exact fetch commands, one per repo and commit, into the right HF_HOME', () => {
    const outcome = judgeOffline(presence((f) => f.kind !== 'tokenizer'), facts({ options: { offline: true, cloning: true } }), target);
    expect(outcome.hint?.split('\n')).toEqual([
      'HF_HOME=/srv/hf hf download kyutai/pocket-tts-without-voice-cloning languages/english/model.safetensors --revision d29db7978e464fb90cb3359ee0c69a273b9142cc',
      'HF_HOME=/srv/hf hf download kyutai/pocket-tts-without-voice-cloning languages/english/embeddings/alba.safetensors --revision e041936c75475d350b405bc870bcf7c22da4e9e6',
      'HF_TOKEN=<token with access> HF_HOME=/srv/hf hf download kyutai/pocket-tts languages/english/model.safetensors --revision 39592ff23c9ef80098bb74895d104c26275fe2c9',
    ]);
  });
});

describe('offline check (cache lookups)', () => {
  it('is skipped online', async () => {
    expect(await offline.run(facts())).toMatchObject({ status: 'skip' });
  });

  it('turns on with the runtime recording HF_HUB_OFFLINE, and finds files through snapshot symlinks', async () => {
    const hub = await tempDir('ptr-offline-');
    for (const file of requiredHubFiles({ language: 'german', catalogVoices: ['juergen', 'alba'], version: '2.1.0' })) {
      const path = hubCachePath(hub, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, 'x');
    }
    const rt = runtime({ env: { HF_HOME: dirname(hub), HF_HUB_CACHE: hub, HF_HUB_OFFLINE: '1' } });
    const outcome = await offline.run(facts({ runtime: rt, options: { language: 'german', voices: ['juergen', 'alba'] } }));
    expect(outcome.status).toBe('pass');
    const missingVoice = await offline.run(facts({ runtime: rt, options: { language: 'german', voices: ['juergen', 'lola'] } }));
    expect(missingVoice.message).toContain('catalog voice lola (german): kyutai/pocket-tts-without-voice-cloning/languages/german/embeddings/lola.safetensors');
    expect(missingVoice.hint).toBe(`HF_HUB_CACHE=${hub} hf download kyutai/pocket-tts-without-voice-cloning languages/german/embeddings/lola.safetensors --revision e041936c75475d350b405bc870bcf7c22da4e9e6`);
  });

  it.each(['2.1.0', '3.3.0', '4.0.1'])('follows the installed release %s: its own files pass, another release\'s files do not', async (version) => {
    const hub = await tempDir('ptr-offline-');
    const other = version === '2.1.0' ? '4.0.1' : '2.1.0';
    for (const file of requiredHubFiles({ language: 'english', version: other })) {
      const path = hubCachePath(hub, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, 'x');
    }
    const rt = runtime({ env: { HF_HOME: dirname(hub), HF_HUB_CACHE: hub, HF_HUB_OFFLINE: '1' } });
    const probe = probeFacts({ pocketTts: { ...(probeFacts().pocketTts as NonNullable<ProbeFacts['pocketTts']>), distVersion: version } });
    expect(await offline.run(facts({ runtime: rt, probe }))).toMatchObject({ status: 'fail' });
    for (const file of requiredHubFiles({ language: 'english', version })) {
      const path = hubCachePath(hub, file);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, 'x');
    }
    expect(await offline.run(facts({ runtime: rt, probe }))).toMatchObject({ status: 'pass' });
  });

  it.each([
    ['2.1.0', 'french', 'fail', 'pocket-tts 2.1.0 has no built-in language "french"'],
    ['4.0.1', 'french', 'fail', '3 of 3 required files are missing'],
  ])('%s with --language %s: %s (%s)', async (version, language, status, message) => {
    const rt = runtime({ env: { HF_HOME: '/nonexistent', HF_HUB_CACHE: '/nonexistent/hub', HF_HUB_OFFLINE: '1' } });
    const probe = probeFacts({ pocketTts: { ...(probeFacts().pocketTts as NonNullable<ProbeFacts['pocketTts']>), distVersion: version } });
    const outcome = await offline.run(facts({ runtime: rt, probe, options: { language: language as 'french', voices: ['estelle'] } }));
    expect(outcome).toMatchObject({ status, message: expect.stringContaining(message) as unknown });
  });
});
