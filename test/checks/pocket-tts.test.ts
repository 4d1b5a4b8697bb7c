import { describe, expect, it } from 'vitest';
import { pocketTts } from '../../checks/pocket-tts.js';
import type { DependencyFact, ProbeFacts } from '../../src/preflight/facts/probe-schema.js';
import { facts, probeFacts, runtime } from './support.js';
import { POCKET_TTS_VERSION } from '../../src/pins.js';

const systemRuntime = () => runtime({ mode: 'system', python: { file: '/usr/bin/python3', args: [] } });

type Pocket = NonNullable<ProbeFacts['pocketTts']>;
const base = probeFacts();
const pocket = (over: Partial<Pocket>): ProbeFacts => ({ ...base, pocketTts: { ...(base.pocketTts as Pocket), ...over } });
const deps = (change: (d: DependencyFact) => DependencyFact): ProbeFacts => ({ ...base, dependencies: (base.dependencies ?? []).map(change) });
const missingScipy = deps((d) => (d.name === 'scipy' ? { ...d, error: { type: 'ModuleNotFoundError', line: "ModuleNotFoundError: No module named 'scipy'" } } : d));
const oldNumpy = deps((d) => (d.name === 'numpy' ? { ...d, version: '1.26.4', satisfied: false } : d));


/** The flag a provision hint carries for a release other than the default pin. */
const unlessPin = (version: string): string => (version === POCKET_TTS_VERSION ? '' : ` --pocket-tts-version ${version}`);

describe('pocket-tts check', () => {
  it.each([
    ['the pinned release with its dependencies', base, 'pass', 'pocket-tts 2.1.0; 8 dependencies import (numpy 2.1.3, fastapi 0.115.6'],
    ['the contract double', pocket({ distVersion: '2.1.0+double', double: true }), 'warn', 'contract double installed: no real speech (pocket-tts 2.1.0+double)'],
    ['a release outside the set', pocket({ distVersion: '3.0.1' }), 'warn', 'pocket-tts 3.0.1 is not a supported release (supported: 2.1.0, 3.3.0, 4.0.1); the nearest supported one is 3.3.0, and the toolkit behaves as for 4.0.1'],
    ['4.0.0 (4.0.1 is nearest)', pocket({ distVersion: '4.0.0' }), 'warn', 'the nearest supported one is 4.0.1'],
    ['supported 4.0.1', pocket({ distVersion: '4.0.1' }), 'pass', 'pocket-tts 4.0.1; 8 dependencies import'],
    ['supported 3.3.0', pocket({ distVersion: '3.3.0' }), 'pass', 'pocket-tts 3.3.0;'],
    ['a dependency that does not import', missingScipy, 'fail', "1 of 8 dependencies do not import: scipy (ModuleNotFoundError: No module named 'scipy')"],
    ['a dependency outside its pin', oldNumpy, 'warn', 'numpy 1.26.4 does not satisfy numpy>=2'],
    ['not installed', pocket({ distVersion: null }), 'fail', 'pocket-tts is not installed in the runtime'],
    ['an import error', pocket({ error: { type: 'ImportError', line: 'ImportError: cannot import name x' } }), 'fail', 'import pocket_tts fails: ImportError: cannot import name x'],
  ] as const)('%s', async (_, probe, status, message) => {
    const outcome = await pocketTts.run(facts({ probe }));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toContain(message);
  });

  it('blames torch when torch is what breaks the import', async () => {
    const torchError = { type: 'ModuleNotFoundError', line: "ModuleNotFoundError: No module named 'torch'" };
    const probe: ProbeFacts = { ...pocket({ error: torchError }), torch: { ...(base.torch as NonNullable<ProbeFacts['torch']>), error: torchError } };
    expect(await pocketTts.run(facts({ probe }))).toMatchObject({ status: 'fail', message: 'import pocket_tts fails because import torch does (see torch)' });
  });

  it('points the double and untested versions at a provision with the default pins', async () => {
    const outcome = await pocketTts.run(facts({ probe: pocket({ distVersion: '2.1.0+double', double: true }) }));
    expect(outcome.hint).toBe('pocket-tts-runtime provision --home /srv/ptr');
  });

  it.each([
    ['venv, 4.0.0', 'venv', '4.0.0', `pocket-tts-runtime provision --home /srv/ptr${unlessPin('4.0.1')}`],
    ['venv, 2.0.0', 'venv', '2.0.0', `pocket-tts-runtime provision --home /srv/ptr${unlessPin('2.1.0')}`],
    ['system, 4.0.0 (no downgrade to the pin)', 'system', '4.0.0', '/usr/bin/python3 -m pip install pocket-tts==4.0.1'],
  ] as const)('points a release outside the set at the nearest supported one: %s', async (_, mode, version, hint) => {
    const outcome = await pocketTts.run(facts({ probe: pocket({ distVersion: version }), ...(mode === 'system' ? { runtime: systemRuntime() } : {}) }));
    expect(outcome.hint).toBe(hint);
  });

  it('keeps a supported 4.0.1 when a dependency needs fixing (system: pip install of the same release)', async () => {
    const probe: ProbeFacts = { ...oldNumpy, pocketTts: { ...(oldNumpy.pocketTts as Pocket), distVersion: '4.0.1' } };
    expect((await pocketTts.run(facts({ probe, runtime: systemRuntime() }))).hint).toBe('/usr/bin/python3 -m pip install pocket-tts==4.0.1');
  });

  it('a re-provision keeps the release the runtime was made with (no fall back to the default pin)', async () => {
    const probe = pocket({ distVersion: '4.0.1', error: { type: 'ImportError', line: 'ImportError: cannot import name x' } });
    const outcome = await pocketTts.run(facts({ probe, runtime: runtime({ inputs: { mode: 'venv', pocketTts: '4.0.1' } }) }));
    expect(outcome.hint).toBe(`pocket-tts-runtime provision --home /srv/ptr${unlessPin('4.0.1')} --force`);
  });

  it('reports every dependency with its version in the details', async () => {
    const outcome = await pocketTts.run(facts());
    expect(outcome.details?.dependencies).toHaveLength(9);
  });
});
