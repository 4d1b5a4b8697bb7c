import { describe, expect, it } from 'vitest';
import { classifyFailure, lastException, usageError, type FailureInput } from '../../src/process/index.js';

/** stderr of a generate run that died of `lastLine` (a Python 3.11 traceback with _TYPER_STANDARD_TRACEBACK=1). */
function traceback(...last: string[]): string[] {
  return [
    'INFO: Loading model from config english',
    'Traceback (most recent call last):',
    '  File "/venv/bin/pocket-tts", line 8, in <module>',
    '    sys.exit(cli_app())',
    '             ^^^^^^^^^',
    '  File "/venv/lib/python3.11/site-packages/pocket_tts/main.py", line 142, in generate',
    '    voice_state = model.get_state_for_audio_prompt(voice)',
    '                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^',
    ...last,
  ];
}

const TYPER_BOX = (message: string): string[] => [
  'Usage: pocket-tts generate [OPTIONS]',
  "Try 'pocket-tts generate --help' for help.",
  '╭─ Error ──────────────────────────────────────────────────────────────────────╮',
  `│ ${message.padEnd(76)} │`,
  '╰──────────────────────────────────────────────────────────────────────────────╯',
];

type Row = [name: string, input: Partial<FailureInput> & { lines: string[] }, expected: { code: string; message: string; field?: string }];

// The contract's "Error messages seen on stderr" rows first, exact strings; then the edges of each rule.
const ROWS: Row[] = [
  ['blank text', { lines: ['ERROR: No input received from stdin.'] }, { code: 'INVALID_INPUT', field: 'text', message: 'No input received from stdin.' }],
  [
    'voice file missing',
    { lines: traceback("FileNotFoundError: [Errno 2] No such file or directory: '/voices/missing.wav'"), context: { voice: '/voices/missing.wav' } },
    { code: 'INVALID_VOICE', field: 'voice', message: "FileNotFoundError: [Errno 2] No such file or directory: '/voices/missing.wav'" },
  ],
  [
    'voice not a WAV',
    { lines: traceback('wave.Error: file does not start with RIFF id') },
    { code: 'INVALID_VOICE', field: 'voice', message: 'wave.Error: file does not start with RIFF id' },
  ],
  [
    'non-WAV voice without soundfile',
    { lines: traceback('ImportError: soundfile is required to read non-WAV audio files. Install with: `pip install soundfile` or `uvx --with soundfile`') },
    { code: 'INVALID_VOICE', field: 'voice', message: 'ImportError: soundfile is required to read non-WAV audio files. Install with: `pip install soundfile` or `uvx --with soundfile`' },
  ],
  [
    'catalog voice with custom config',
    {
      lines: traceback('ValueError: Cannot use predefined voices when the model is not loaded from a config associated with a language.Here the origin is /cfg/air-gapped.yaml'),
      context: { voice: 'alba', config: '/cfg/air-gapped.yaml' },
    },
    { code: 'INVALID_VOICE', field: 'voice', message: 'ValueError: Cannot use predefined voices when the model is not loaded from a config associated with a language.Here the origin is /cfg/air-gapped.yaml' },
  ],
  [
    'weights not downloadable (offline)',
    {
      lines: traceback(
        'huggingface_hub.errors.LocalEntryNotFoundError: An error happened while trying to locate the file on the Hub and we cannot find the requested files in the local cache. Please check your connection and try again or make sure your Internet connection is on.',
      ),
    },
    {
      code: 'MODEL_DOWNLOAD_FAILED',
      message:
        'huggingface_hub.errors.LocalEntryNotFoundError: An error happened while trying to locate the file on the Hub and we cannot find the requested files in the local cache. Please check your connection and try again or make sure your Internet connection is on.',
    },
  ],
  [
    'weights not downloadable (undotted type, as the contract prints it)',
    { lines: traceback('LocalEntryNotFoundError: An error happened while trying to locate the file on the Hub and we cannot find the requested files in the local cache.') },
    { code: 'MODEL_DOWNLOAD_FAILED', message: 'LocalEntryNotFoundError: An error happened while trying to locate the file on the Hub and we cannot find the requested files in the local cache.' },
  ],
  [
    'http voice, no network',
    {
      lines: traceback(
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='example.com', port=443): Max retries exceeded with url: /v.wav (Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve 'example.com'\"))",
      ),
      context: { voice: 'https://example.com/v.wav' },
    },
    {
      code: 'MODEL_DOWNLOAD_FAILED',
      message:
        "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='example.com', port=443): Max retries exceeded with url: /v.wav (Caused by NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve 'example.com'\"))",
    },
  ],
  [
    'http voice, 404',
    { lines: traceback('requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://example.com/v.wav') },
    { code: 'MODEL_DOWNLOAD_FAILED', message: 'requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://example.com/v.wav' },
  ],
  [
    'cloning without gated access',
    {
      lines: traceback(
        "ValueError: We could not download the weights for the model with voice cloning, but you're trying to use voice cloning. Without voice cloning, you can use our catalog of voices ['alba', 'marius']. If you want access to the model with voice cloning, go to https://huggingface.co/kyutai/pocket-tts and accept the terms, then make sure you're logged in locally with `uvx hf auth login`.",
      ),
    },
    {
      code: 'VOICE_CLONING_UNAVAILABLE',
      message:
        "ValueError: We could not download the weights for the model with voice cloning, but you're trying to use voice cloning. Without voice cloning, you can use our catalog of voices ['alba', 'marius']. If you want access to the model with voice cloning, go to https://huggingface.co/kyutai/pocket-tts and accept the terms, then make sure you're logged in locally with `uvx hf auth login`.",
    },
  ],
  [
    'config and language both given',
    { lines: traceback('ValueError: Cannot specify both config and language, please choose one or the other.'), context: { config: '/c.yaml' } },
    { code: 'INVALID_INPUT', field: 'config', message: 'ValueError: Cannot specify both config and language, please choose one or the other.' },
  ],
  [
    '--language french',
    { lines: traceback("ValueError: For technical reasons, only a larger 24-layer model is available for French. Please use the 'french_24l' language instead.") },
    { code: 'INVALID_INPUT', field: 'language', message: "ValueError: For technical reasons, only a larger 24-layer model is available for French. Please use the 'french_24l' language instead." },
  ],
  ['unknown flag (boxed)', { exitCode: 2, lines: TYPER_BOX('No such option: --x') }, { code: 'INVALID_INPUT', field: 'x', message: 'No such option: --x' }],
  [
    'PyTorch missing',
    { lines: ['Traceback (most recent call last):', '  File "/venv/bin/pocket-tts", line 5, in <module>', '    import torch', "ModuleNotFoundError: No module named 'torch'"] },
    { code: 'RUNTIME_BROKEN', message: "ModuleNotFoundError: No module named 'torch'" },
  ],

  // Edges of the rules.
  [
    'missing file named as the config',
    { lines: traceback("FileNotFoundError: [Errno 2] No such file or directory: '/cfg/missing.yaml'"), context: { voice: 'alba', config: '/cfg/missing.yaml' } },
    { code: 'INVALID_INPUT', field: 'config', message: "FileNotFoundError: [Errno 2] No such file or directory: '/cfg/missing.yaml'" },
  ],
  [
    "missing file the config's weights point at",
    { lines: traceback("FileNotFoundError: [Errno 2] No such file or directory: '/weights/model.safetensors'"), context: { voice: 'alba', config: '/cfg/c.yaml' } },
    { code: 'INVALID_INPUT', field: 'config', message: "FileNotFoundError: [Errno 2] No such file or directory: '/weights/model.safetensors'" },
  ],
  [
    'missing file, nothing known: the voice (the contract row)',
    { lines: traceback("FileNotFoundError: [Errno 2] No such file or directory: 'v.wav'") },
    { code: 'INVALID_VOICE', field: 'voice', message: "FileNotFoundError: [Errno 2] No such file or directory: 'v.wav'" },
  ],
  [
    'voice is a directory',
    { lines: traceback("IsADirectoryError: [Errno 21] Is a directory: '/voices'"), context: { voice: '/voices' } },
    { code: 'INVALID_VOICE', field: 'voice', message: "IsADirectoryError: [Errno 21] Is a directory: '/voices'" },
  ],
  [
    'invalid exported voice',
    { lines: traceback('safetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge'), context: { voice: '/v/bob.safetensors' } },
    { code: 'INVALID_VOICE', field: 'voice', message: 'safetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge' },
  ],
  [
    "invalid safetensors that is the config's weights",
    { lines: traceback('safetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge'), context: { voice: 'alba', config: '/c.yaml' } },
    { code: 'INVALID_INPUT', field: 'config', message: 'safetensors_rust.SafetensorError: Error while deserializing header: HeaderTooLarge' },
  ],
  [
    'soundfile cannot decode the voice',
    { lines: traceback("soundfile.LibsndfileError: Error opening '/v/a.mp3': Format not recognised.") },
    { code: 'INVALID_VOICE', field: 'voice', message: "soundfile.LibsndfileError: Error opening '/v/a.mp3': Format not recognised." },
  ],
  [
    'ModuleNotFoundError for soundfile is the voice too',
    { lines: traceback("ModuleNotFoundError: No module named 'soundfile'") },
    { code: 'INVALID_VOICE', field: 'voice', message: "ModuleNotFoundError: No module named 'soundfile'" },
  ],
  [
    'a dependency fails to import',
    { lines: traceback('ImportError: cannot import name "Tokenizer" from "sentencepiece"') },
    { code: 'RUNTIME_BROKEN', message: 'ImportError: cannot import name "Tokenizer" from "sentencepiece"' },
  ],
  [
    'torch shared library missing',
    { lines: traceback('OSError: libtorch_cpu.so: cannot open shared object file: No such file or directory') },
    { code: 'RUNTIME_BROKEN', message: 'OSError: libtorch_cpu.so: cannot open shared object file: No such file or directory' },
  ],
  [
    'an OSError that is not about a library',
    { lines: traceback('OSError: [Errno 28] No space left on device') },
    { code: 'PROCESS_FAILED', message: 'OSError: [Errno 28] No space left on device' },
  ],
  [
    'invalid value (plain click, no box)',
    { exitCode: 2, lines: ['Usage: pocket-tts generate [OPTIONS]', "Try 'pocket-tts generate --help' for help.", '', "Error: Invalid value for '--lsd-decode-steps': 'many' is not a valid integer."] },
    { code: 'INVALID_INPUT', field: 'lsdDecodeSteps', message: "Invalid value for '--lsd-decode-steps': 'many' is not a valid integer." },
  ],
  [
    'usage error wrapped over two box lines',
    {
      exitCode: 2,
      lines: [
        'Usage: pocket-tts generate [OPTIONS]',
        "Try 'pocket-tts generate --help' for help.",
        '╭─ Error ─────────────────────────────╮',
        "│ Invalid value for '--temperature':  │",
        "│ 'hot' is not a valid float.         │",
        '╰─────────────────────────────────────╯',
      ],
    },
    { code: 'INVALID_INPUT', field: 'temperature', message: "Invalid value for '--temperature': 'hot' is not a valid float." },
  ],
  [
    'usage error without an option',
    { exitCode: 2, lines: TYPER_BOX('Got unexpected extra argument (hello)') },
    { code: 'INVALID_INPUT', message: 'Got unexpected extra argument (hello)' },
  ],
  ['exit 2 with nothing printed', { exitCode: 2, lines: [] }, { code: 'INVALID_INPUT', message: 'invalid pocket-tts command line (exit code 2)' }],
  [
    'an unknown exception',
    { lines: traceback('RuntimeError: contract double: simulated crash mid-stream') },
    { code: 'PROCESS_FAILED', message: 'RuntimeError: contract double: simulated crash mid-stream' },
  ],
  [
    'an exception without message',
    { lines: traceback('KeyboardInterrupt') },
    { code: 'PROCESS_FAILED', message: 'KeyboardInterrupt' },
  ],
  [
    'chained exceptions: the last one counts',
    {
      lines: [
        ...traceback("KeyError: 'weights'"),
        '',
        'During handling of the above exception, another exception occurred:',
        '',
        ...traceback('ValueError: Cannot specify both config and language, please choose one or the other.'),
      ],
    },
    { code: 'INVALID_INPUT', field: 'config', message: 'ValueError: Cannot specify both config and language, please choose one or the other.' },
  ],
  [
    'a multi-line message is matched whole, reported by its first line',
    { lines: traceback('ValueError: something went wrong', 'We could not download the weights for the model with voice cloning, sorry.') },
    { code: 'VOICE_CLONING_UNAVAILABLE', message: 'ValueError: something went wrong' },
  ],
  [
    'traceback start cut off by the ring',
    { lines: ['    raise Error(\'file does not start with RIFF id\')', 'wave.Error: file does not start with RIFF id'] },
    { code: 'INVALID_VOICE', field: 'voice', message: 'wave.Error: file does not start with RIFF id' },
  ],
  [
    'uvicorn bind failure after an earlier request traceback: the later ERROR wins',
    {
      lines: [
        'ERROR:    Exception in ASGI application',
        ...traceback('wave.Error: file does not start with RIFF id'),
        'INFO:     127.0.0.1:5000 - "POST /tts HTTP/1.1" 500 Internal Server Error',
        "ERROR:    [Errno 98] error while attempting to bind on address ('localhost', 8000): address already in use",
      ],
    },
    { code: 'PROCESS_FAILED', message: "[Errno 98] error while attempting to bind on address ('localhost', 8000): address already in use" },
  ],
  [
    'uvicorn logs an ERROR before the traceback it introduces',
    { lines: ['ERROR:    Exception in ASGI application', ...traceback('wave.Error: file does not start with RIFF id')] },
    { code: 'INVALID_VOICE', field: 'voice', message: 'wave.Error: file does not start with RIFF id' },
  ],
  ['killed by a signal', { exitCode: null, signal: 'SIGKILL', lines: traceback('wave.Error: x') }, { code: 'PROCESS_FAILED', message: 'pocket-tts was killed by SIGKILL' }],
  [
    'the exit abort after a traceback: the traceback decides',
    { exitCode: null, signal: 'SIGABRT', lines: [...traceback('wave.Error: file does not start with RIFF id'), 'terminate called without an active exception'] },
    { code: 'INVALID_VOICE', field: 'voice', message: 'wave.Error: file does not start with RIFF id' },
  ],
  [
    'the exit abort alone',
    { exitCode: null, signal: 'SIGABRT', lines: ['INFO: Generated: 240 ms of audio', 'terminate called without an active exception'] },
    { code: 'PROCESS_FAILED', message: 'pocket-tts died of SIGABRT (terminate called without an active exception)' },
  ],
  ['nothing recognisable: the last line', { lines: ['INFO: x', 'something odd', ''] }, { code: 'PROCESS_FAILED', message: 'something odd' }],
  ['nothing at all', { exitCode: 3, lines: [] }, { code: 'PROCESS_FAILED', message: 'pocket-tts exited with code 3' }],
];

describe('classifyFailure', () => {
  it.each(ROWS)('%s', (_name, input, expected) => {
    const result = classifyFailure({ exitCode: 1, signal: null, ...input });
    expect({ code: result.code, message: result.message, field: result.field }).toEqual({ field: undefined, ...expected });
  });

  it('reports the exception type', () => {
    expect(classifyFailure({ exitCode: 1, signal: null, lines: traceback('wave.Error: x') }).exceptionType).toBe('wave.Error');
  });

  it('ignores ANSI colours', () => {
    const lines = traceback('\u001b[31mwave.Error\u001b[0m: file does not start with RIFF id');
    expect(classifyFailure({ exitCode: 1, signal: null, lines }).code).toBe('INVALID_VOICE');
  });
});

describe('lastException', () => {
  it('returns type, text, line and index', () => {
    const lines = traceback('huggingface_hub.errors.LocalEntryNotFoundError: cannot find', 'second line');
    expect(lastException(lines)).toEqual({
      type: 'huggingface_hub.errors.LocalEntryNotFoundError',
      text: 'cannot find\nsecond line',
      line: 'huggingface_hub.errors.LocalEntryNotFoundError: cannot find',
      index: 8,
    });
  });

  it('is null without a traceback or an exception-looking line', () => {
    expect(lastException(['INFO: fine', 'Error: not python'])).toBeNull();
  });
});

describe('usageError', () => {
  it('reads the option of a boxed message', () => {
    expect(usageError(TYPER_BOX("No such option: --voise Did you mean --voice?"))).toEqual({
      message: 'No such option: --voise Did you mean --voice?',
      option: 'voise',
    });
  });
});
