import { describe, expect, it } from 'vitest';
import { isTtsError } from '../../src/errors/index.js';
import { TORCH_CPU_INDEX_URL } from '../../src/pins.js';
import { cudaRefusal, resolveTorchSource, type TorchOptions } from '../../src/runtime/torch.js';

function refusal(options: TorchOptions & { wheelhouse?: string | null }, platform: NodeJS.Platform = 'linux'): string | null {
  try {
    resolveTorchSource(options, platform);
    return null;
  } catch (error) {
    if (!isTtsError(error, 'INVALID_CONFIG')) throw error;
    return `${error.shortMessage} | ${error.hint}`;
  }
}

describe('resolveTorchSource: no combination pulls a CUDA build unasked', () => {
  it.each([
    ['the default pin from the CPU index', {}],
    ['a +cpu version from a folder of wheels', { torchVersion: '2.13.0+cpu', torchFindLinks: '/opt/wheels' }],
    ['a +cpu version from a mirror', { torchVersion: '2.13.0+cpu', torchIndexUrl: 'https://mirror.example/whl/cpu' }],
    ['a bare version from PyTorch\'s CPU index (it serves CPU builds only)', { torchVersion: '2.13.0' }],
    ['a bare version from the CPU index with a trailing slash', { torchVersion: '2.13.0', torchIndexUrl: `${TORCH_CPU_INDEX_URL}/` }],
    ['a GPU build, forced', { torchVersion: '2.13.0+cu126', torchAllowCuda: true }],
    ['a bare version from a folder, forced', { torchVersion: '2.13.0', torchFindLinks: '/w', torchAllowCuda: true }],
  ] as const)('accepts %s', (_, options) => {
    expect(refusal(options)).toBeNull();
  });

  it.each([
    ['a CUDA label', { torchVersion: '2.13.0+cu126' }, /GPU build.*--torch-version 2\.13\.0\+cpu/],
    ['a ROCm label', { torchVersion: '2.13.0+rocm6.4' }, /GPU build/],
    ['an XPU label', { torchVersion: '2.13.0+xpu' }, /GPU build/],
    ['a bare version from a folder of wheels', { torchVersion: '2.13.0', torchFindLinks: '/opt/wheels' }, /no \+cpu label: from \/opt\/wheels.*--torch-version 2\.13\.0\+cpu/],
    ['a bare version from a mirror', { torchVersion: '2.13.0', torchIndexUrl: 'https://mirror.example/simple' }, /no \+cpu label: from the main package index/],
    ['a bare version from a wheelhouse', { torchVersion: '2.13.0', wheelhouse: '/w' }, /no \+cpu label: from \/w/],
    ['a range', { torchVersion: '>=2.5' }, /one exact version/],
    ['a bare name', { torchVersion: 'torch' }, /one exact version/],
    ['a version pocket-tts refuses', { torchVersion: '2.4.1+cpu' }, /older than 2\.5\.0/],
  ] as const)('refuses %s, saying how to get the CPU build', (_, options, message) => {
    expect(refusal(options)).toMatch(message);
  });

  it('accepts a bare version on macOS, which has no CUDA builds', () => {
    expect(refusal({ torchVersion: '2.13.0', torchFindLinks: '/w' }, 'darwin')).toBeNull();
  });
});

describe('cudaRefusal: the installed build, checked after the install', () => {
  it('refuses a torch that reports CUDA, unless allowed', () => {
    const error = cudaRefusal({ torch: '2.13.0', cuda: '12.6' }, false);
    expect(error?.code).toBe('PROVISION_FAILED');
    expect(error?.shortMessage).toMatch(/CUDA build \(CUDA 12\.6\); the runtime was not activated/);
    expect(error?.hint).toContain('--torch-version 2.13.0+cpu');
    expect(cudaRefusal({ torch: '2.13.0', cuda: '12.6' }, true)).toBeNull();
    expect(cudaRefusal({ torch: '2.13.0+cpu', cuda: null }, false)).toBeNull();
  });
});
