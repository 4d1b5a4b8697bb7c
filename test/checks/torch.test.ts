import { describe, expect, it } from 'vitest';
import { torch } from '../../checks/torch.js';
import { facts, probeFacts, probeFailed } from './support.js';

type Torch = NonNullable<ReturnType<typeof probeFacts>['torch']>;
const base = probeFacts().torch as Torch;
const withTorch = (over: Partial<Torch>) => facts({ probe: probeFacts({ torch: { ...base, ...over } }) });
const importError = (line: string) => ({ version: null, distVersion: null, file: null, error: { type: line.split(':')[0] ?? '', line } });

describe('torch check', () => {
  it.each([
    ['2.6.0+cpu', { version: '2.6.0+cpu' }, 'pass', 'torch 2.6.0+cpu (CPU build)'],
    ['2.5.1+cpu passes on the public part', { version: '2.5.1+cpu' }, 'pass', 'torch 2.5.1+cpu'],
    ['2.5.0 exactly', { version: '2.5.0' }, 'pass', 'torch 2.5.0'],
    ['a pre-release of 2.7', { version: '2.7.0a0+git1234' }, 'pass', 'torch 2.7.0a0+git1234'],
    ['2.4.1+cpu fails with the upstream reason', { version: '2.4.1+cpu' }, 'fail', 'torch 2.4.1+cpu is older than 2.5.0: pocket-tts requires torch>=2.5.0 (PyTorch 2.4 produced wrong audio)'],
    ['a CUDA build warns', { version: '2.6.0+cu124', cuda: '12.4' }, 'warn', 'CUDA build (CUDA 12.4): 2+ GB on disk and no speed-up'],
    ['a +cu118 label without torch.version.cuda warns', { version: '2.6.0+cu118', cuda: null }, 'warn', 'CUDA 11.8'],
    ['a missing module fails with the import error', importError("ModuleNotFoundError: No module named 'torch'"), 'fail', "import torch fails: ModuleNotFoundError: No module named 'torch'"],
    ['a missing shared library fails with the last line', importError('OSError: libtorch_cpu.so: cannot open shared object file: No such file or directory'), 'fail', 'OSError: libtorch_cpu.so: cannot open shared object file'],
    ['an unreadable version warns', { version: 'nightly' }, 'warn', 'cannot read the version'],
  ] as const)('%s', async (_, over, status, message) => {
    const outcome = await torch.run(withTorch(over));
    expect(outcome.status).toBe(status);
    expect(outcome.message).toContain(message);
    if (status !== 'pass') expect(outcome.hint).toBe('pocket-tts-runtime provision --home /srv/ptr --force');
  });

  it.each([
    ['no-python', "the runtime's Python is not known"],
    ['failed', 'did not answer the probe'],
  ] as const)('is skipped when the probe says %s', async (reason, message) => {
    const outcome = await torch.run(facts({ probe: probeFailed(reason) }));
    expect(outcome).toMatchObject({ status: 'skip' });
    expect(outcome.message).toContain(message);
  });

  it('names the wheelhouse and extras the runtime was built from in the fix', async () => {
    const f = facts({ probe: probeFacts({ torch: { ...base, version: '2.4.1+cpu' } }) });
    f.runtime = { ...f.runtime, inputs: { wheelhouse: '/w h', extras: ['audio'] } };
    expect((await torch.run(f)).hint).toBe("pocket-tts-runtime provision --home /srv/ptr --wheelhouse '/w h' --extras audio --force");
  });
});

describe('torch fix for a system install', () => {
  it('is pip in that interpreter, from the CPU index', async () => {
    const f = facts({ probe: probeFacts({ torch: { ...(probeFacts().torch as NonNullable<ReturnType<typeof probeFacts>['torch']>), version: '2.6.0+cu124', cuda: '12.4' } }) });
    f.runtime = { ...f.runtime, mode: 'system', python: { file: '/usr/bin/python3', args: [] } };
    expect((await torch.run(f)).hint).toBe('/usr/bin/python3 -m pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0+cpu');
  });
});
