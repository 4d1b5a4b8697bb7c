/**
 * The closed set of error codes. Each has a one-line meaning and what to do about it; RUNTIME.md's error
 * taxonomy is checked against this table by a test.
 */
export const ERROR_CODES = {
  PYTHON_NOT_FOUND: {
    meaning: 'No Python interpreter in the supported range was found.',
    fix: 'Install Python 3.10-3.14 with venv, or pass --python /path/to/python3 (POCKET_TTS_PYTHON).',
  },
  EXECUTABLE_NOT_FOUND: {
    meaning: 'The pocket-tts executable (or uvx) could not be found or started.',
    fix: 'Run `pocket-tts-runtime provision`, or pass --executable /path/to/pocket-tts in system mode.',
  },
  PROVISION_FAILED: {
    meaning: 'Creating the runtime failed (venv creation, package install or verification).',
    fix: 'Read the installer output in the error; re-run with --force after fixing it.',
  },
  INDEX_UNREACHABLE: {
    meaning: 'The Python package index (or PyTorch CPU index) cannot be reached from this machine.',
    fix: 'Use --wheelhouse DIR with pre-downloaded wheels, or --engine double for the contract double.',
  },
  LOCK_TIMEOUT: {
    meaning: 'Another process holds the runtime lock for longer than the wait limit.',
    fix: 'Wait for the owner named in the error to finish, or stop it; a lock of a dead process is removed automatically.',
  },
  RUNTIME_BROKEN: {
    meaning: 'pocket-tts starts but its Python environment is broken (PyTorch or a dependency missing).',
    fix: 'Run `pocket-tts-runtime preflight` to see what is missing, then `pocket-tts-runtime provision --force`.',
  },
  MODEL_DOWNLOAD_FAILED: {
    meaning: 'Model weights, tokenizer or a voice could not be downloaded or found in the Hugging Face cache.',
    fix: 'Check network access to the Hugging Face Hub, or pre-fill HF_HUB_CACHE (see `preflight --offline`).',
  },
  VOICE_CLONING_UNAVAILABLE: {
    meaning: 'A voice from audio needs the gated voice-cloning weights, which this machine cannot download.',
    fix: 'Accept the model terms on Hugging Face and set HF_TOKEN, or use a catalog voice or an exported .safetensors voice.',
  },
  INVALID_VOICE: {
    meaning: 'The voice is not a catalog name, a readable allowed file, or an enabled remote URL, or pocket-tts could not read it.',
    fix: 'Use a catalog name, a .wav/.safetensors file inside the allowed voice roots, or export it with `pocket-tts-runtime voices export`.',
  },
  INVALID_INPUT: {
    meaning: 'A request or option failed validation (the field is named in the error).',
    fix: 'Fix the named field; limits such as maxTextLength are options of createTts().',
  },
  INVALID_CONFIG: {
    meaning: 'A configuration file or option is invalid.',
    fix: 'Fix the named setting; `pocket-tts-runtime <command> --help` lists the accepted values.',
  },
  TIMEOUT: {
    meaning: 'The request took longer than its timeout; its processes were terminated.',
    fix: 'Raise timeoutMs, shorten the text, or add workers.',
  },
  ABORTED: {
    meaning: 'The caller aborted the request (AbortSignal); its processes were terminated.',
    fix: 'Nothing to fix: the caller asked for it.',
  },
  QUEUE_FULL: {
    meaning: 'Every worker is busy and the queue is at maxQueue; the request was refused at once.',
    fix: 'Retry later, raise maxQueue, or add workers.',
  },
  PROCESS_FAILED: {
    meaning: 'pocket-tts failed for a reason not recognised; the stderr excerpt says what it printed.',
    fix: 'Read the stderr excerpt; run `pocket-tts-runtime preflight`.',
  },
  INVALID_OUTPUT: {
    meaning: 'pocket-tts produced output that is not the expected WAV stream.',
    fix: 'Check that nothing else writes to pocket-tts stdout (sitecustomize, wrappers); run preflight.',
  },
  OUTPUT_FAILED: {
    meaning: 'The audio could not be written where it was asked to go (a full disk or device, a closed pipe, no permission).',
    fix: 'Free space or pick another --out (a regular file, a FIFO with a reader, or - for stdout).',
  },
  SERVER_START_FAILED: {
    meaning: 'A pocket-tts server sidecar did not become healthy before its start deadline.',
    fix: 'Read the sidecar log excerpt; check the port range and memory (`pocket-tts-runtime preflight`).',
  },
  WORKER_CRASHED: {
    meaning: 'The sidecar serving the request died while the request was in flight.',
    fix: 'Retry; the pool restarts the worker. Repeated crashes: check memory and the sidecar log.',
  },
  CLOSED: {
    meaning: 'The tts instance was closed before or while the request ran.',
    fix: 'Create a new instance with createTts().',
  },
} as const satisfies Record<string, { meaning: string; fix: string }>;

/** Every error this package throws carries one of these codes. */
export type TtsErrorCode = keyof typeof ERROR_CODES;

/** All codes, in table order. */
export const TTS_ERROR_CODES = Object.keys(ERROR_CODES) as TtsErrorCode[];
