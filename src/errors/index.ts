export { ERROR_CODES, TTS_ERROR_CODES, type TtsErrorCode } from './codes.js';
export { TtsError, isTtsError, type TtsErrorOptions } from './tts-error.js';
