/** What this package is built and tested against: one place, so a pin change is one edit. */
export const POCKET_TTS_VERSION = '4.0.1';
/** The CPU build of PyTorch installed next to pocket-tts (from PyTorch's CPU wheel index). */
export const TORCH_VERSION = '2.13.0+cpu';
/** pocket-tts refuses older PyTorch: 2.4 produced wrong audio upstream. */
export const TORCH_MIN_VERSION = '2.5.0';
/** pocket-tts's `Requires-Python` (the same in every supported release), as a semver range. */
export const PYTHON_RANGE = '>=3.10.0 <3.15.0';
/** PyTorch's CPU-only wheel index: torch from here is ~190 MB instead of the 2+ GB CUDA build. */
export const TORCH_CPU_INDEX_URL = 'https://download.pytorch.org/whl/cpu';
