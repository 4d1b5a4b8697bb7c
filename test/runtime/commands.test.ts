import { describe, expect, it } from 'vitest';
import { devNull } from 'node:os';
import { installCommands, installerEnv, reachabilityUrl, uvPythonPrefix, uvxPrefix, venvCommand, type IndexOptions, type InstallTools, type Requirements } from '../../src/runtime/commands.js';

const req: Requirements = { pocketTts: '2.1.0', torch: '2.6.0+cpu', extras: [], lockFile: null };
const online: IndexOptions = { wheelhouse: null, indexUrl: null, torchIndexUrl: 'https://torch.example/whl/cpu', torchFindLinks: null };
const folder: IndexOptions = { ...online, torchFindLinks: '/t' };
const wheels: IndexOptions = { ...online, wheelhouse: '/w' };
const pip: InstallTools = { python: '/usr/bin/python3', uv: null, outsidePip: false };
const pipOutside: InstallTools = { ...pip, outsidePip: true };
const uv: InstallTools = { python: '/usr/bin/python3', uv: '/bin/uv', outsidePip: false };
const PIPQ = ['--disable-pip-version-check', '--no-input', '--progress-bar', 'off', '--retries', '2', '--timeout', '20'];

describe('venvCommand', () => {
  it.each([
    ['pip with its own pip', 'pip', pip, ['/usr/bin/python3', '-m', 'venv', '/r/venv']],
    ['pip from outside', 'pip', pipOutside, ['/usr/bin/python3', '-m', 'venv', '--without-pip', '/r/venv']],
    ['uv', 'uv', uv, ['/bin/uv', 'venv', '--python', '/usr/bin/python3', '/r/venv']],
  ] as const)('%s', (_, installer, tools, argv) => {
    expect(venvCommand(installer, tools, '/r/venv').argv).toEqual(argv);
  });
});

describe('installCommands', () => {
  it.each([
    {
      name: 'pip, online: torch alone from the CPU index, then pocket-tts from the default index',
      installer: 'pip' as const, tools: pip, req, index: online,
      expected: [
        ['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, '--index-url', 'https://torch.example/whl/cpu', 'torch==2.6.0+cpu'],
        ['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, 'pocket-tts==2.1.0', 'torch==2.6.0+cpu'],
      ],
    },
    {
      name: 'pip from outside the venv, with a wheelhouse',
      installer: 'pip' as const, tools: pipOutside, req, index: wheels,
      expected: [
        ['/usr/bin/python3', '-m', 'pip', '--python', '/r/venv/bin/python', 'install', ...PIPQ, '--no-index', '--find-links', '/w', 'torch==2.6.0+cpu'],
        ['/usr/bin/python3', '-m', 'pip', '--python', '/r/venv/bin/python', 'install', ...PIPQ, '--no-index', '--find-links', '/w', 'pocket-tts==2.1.0', 'torch==2.6.0+cpu'],
      ],
    },
    {
      name: 'pip with a custom main index and the audio extra',
      installer: 'pip' as const, tools: pip, req: { ...req, extras: ['audio'] }, index: { ...online, indexUrl: 'https://mirror.example/simple' },
      expected: [
        ['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, '--index-url', 'https://torch.example/whl/cpu', 'torch==2.6.0+cpu'],
        ['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, '--index-url', 'https://mirror.example/simple', 'pocket-tts[audio]==2.1.0', 'torch==2.6.0+cpu'],
      ],
    },
    {
      name: 'pip with a lock file: one hash-checked install, CPU index as extra',
      installer: 'pip' as const, tools: pip, req: { ...req, lockFile: '/l.txt' }, index: online,
      expected: [['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, '--require-hashes', '--extra-index-url', 'https://torch.example/whl/cpu', '-r', '/l.txt']],
    },
    {
      name: 'uv online',
      installer: 'uv' as const, tools: uv, req, index: online,
      expected: [
        ['/bin/uv', 'pip', 'install', '--compile-bytecode', '--python', '/r/venv/bin/python', '--index-url', 'https://torch.example/whl/cpu', 'torch==2.6.0+cpu'],
        ['/bin/uv', 'pip', 'install', '--compile-bytecode', '--python', '/r/venv/bin/python', 'pocket-tts==2.1.0', 'torch==2.6.0+cpu'],
      ],
    },
    {
      name: 'pip, torch from a folder of wheels: torch and its dependencies with the main index beside the folder',
      installer: 'pip' as const, tools: pip, req: { ...req, torch: '2.13.0+cpu' }, index: folder,
      expected: [
        ['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, '--find-links', '/t', 'torch==2.13.0+cpu'],
        ['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, '--find-links', '/t', 'pocket-tts==2.1.0', 'torch==2.13.0+cpu'],
      ],
    },
    {
      name: 'uv, torch from a folder and a mirror as the main index',
      installer: 'uv' as const, tools: uv, req, index: { ...folder, indexUrl: 'https://mirror.example/simple' },
      expected: [
        ['/bin/uv', 'pip', 'install', '--compile-bytecode', '--python', '/r/venv/bin/python', '--index-url', 'https://mirror.example/simple', '--find-links', '/t', 'torch==2.6.0+cpu'],
        ['/bin/uv', 'pip', 'install', '--compile-bytecode', '--python', '/r/venv/bin/python', '--index-url', 'https://mirror.example/simple', '--find-links', '/t', 'pocket-tts==2.1.0', 'torch==2.6.0+cpu'],
      ],
    },
    {
      name: 'a wheelhouse and a torch folder: both, no index',
      installer: 'pip' as const, tools: pip, req, index: { ...wheels, torchFindLinks: '/t' },
      expected: [
        ['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, '--no-index', '--find-links', '/w', '--find-links', '/t', 'torch==2.6.0+cpu'],
        ['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, '--no-index', '--find-links', '/w', '--find-links', '/t', 'pocket-tts==2.1.0', 'torch==2.6.0+cpu'],
      ],
    },
    {
      name: 'pip with a lock file and a torch folder: the folder beside the main index, no CPU index',
      installer: 'pip' as const, tools: pip, req: { ...req, lockFile: '/l.txt' }, index: folder,
      expected: [['/r/venv/bin/python', '-m', 'pip', 'install', ...PIPQ, '--require-hashes', '--find-links', '/t', '-r', '/l.txt']],
    },
    {
      name: 'uv with a lock file uses best-match across indexes (hashes pin the files)',
      installer: 'uv' as const, tools: uv, req: { ...req, lockFile: '/l.txt' }, index: online,
      expected: [['/bin/uv', 'pip', 'install', '--compile-bytecode', '--python', '/r/venv/bin/python', '--require-hashes', '--extra-index-url', 'https://torch.example/whl/cpu', '--index-strategy', 'unsafe-best-match', '-r', '/l.txt']],
    },
  ])('$name', ({ installer, tools, req: r, index, expected }) => {
    expect(installCommands(installer, tools, '/r/venv/bin/python', r, index).map((c) => c.argv)).toEqual(expected);
  });
});

describe('uvx prefixes', () => {
  it.each([
    ['wheelhouse', wheels, false, ['/bin/uvx', '--no-index', '--find-links', '/w', '--with', 'torch==2.6.0+cpu', '--from', 'pocket-tts==2.1.0', 'pocket-tts']],
    ['torch backend', online, true, ['/bin/uvx', '--torch-backend', 'cpu', '--with', 'torch==2.6.0+cpu', '--from', 'pocket-tts==2.1.0', 'pocket-tts']],
    ['explicit CPU index for older uv', online, false, ['/bin/uvx', '--index', 'https://torch.example/whl/cpu', '--with', 'torch==2.6.0+cpu', '--from', 'pocket-tts==2.1.0', 'pocket-tts']],
  ] as const)('%s', (_, index, backend, argv) => {
    expect(uvxPrefix('/bin/uvx', req, index, backend, null)).toEqual(argv);
  });

  it('torch from a folder: --find-links, neither the torch backend nor the CPU index', () => {
    expect(uvxPrefix('/bin/uvx', req, folder, false, null)).toEqual(['/bin/uvx', '--find-links', '/t', '--with', 'torch==2.6.0+cpu', '--from', 'pocket-tts==2.1.0', 'pocket-tts']);
  });

  it('passes --python and the runtime python runs in the same environment', () => {
    expect(uvPythonPrefix('/bin/uv', req, wheels, false, '3.12')).toEqual([
      '/bin/uv', 'run', '--no-project', '--isolated', '--python', '3.12', '--no-index', '--find-links', '/w', '--with', 'torch==2.6.0+cpu', '--with', 'pocket-tts==2.1.0', 'python',
    ]);
  });
});

describe('reachabilityUrl', () => {
  it.each([
    ['the torch index by default', online, 'https://torch.example/whl/cpu/torch/'],
    ['nothing for a wheelhouse', wheels, null],
    ["nothing for a torch folder with the installer's own index", folder, null],
    ['the main index for a torch folder and a configured index', { ...folder, indexUrl: 'https://mirror.example/simple/' }, 'https://mirror.example/simple/pocket-tts/'],
  ] as const)('%s', (_, index, url) => {
    expect(reachabilityUrl(index)).toBe(url);
  });
});

describe('installerEnv', () => {
  const machine = { PATH: '/bin', PIP_FIND_LINKS: '/opt/wheels', PIP_INDEX_URL: 'https://mirror.example/simple', UV_INDEX_URL: 'https://mirror.example/simple', HTTPS_PROXY: 'http://proxy:3128' };

  it('online: the caller\'s environment and configuration as they are, plus the uv cache', () => {
    expect(installerEnv(machine, online, '/c/uv')).toEqual({ ...machine, UV_CACHE_DIR: '/c/uv', PIP_DISABLE_PIP_VERSION_CHECK: '1' });
  });

  it('a wheelhouse: no other source: source variables dropped, pip\'s and uv\'s config files not read; the rest kept', () => {
    const env = installerEnv(machine, wheels, null);
    expect(env).toEqual({ PATH: '/bin', HTTPS_PROXY: 'http://proxy:3128', PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_CONFIG_FILE: devNull, UV_NO_CONFIG: '1' });
    expect(machine.PIP_FIND_LINKS).toBe('/opt/wheels'); // the caller's object is not changed
  });
});
