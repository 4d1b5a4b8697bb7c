import { TtsError } from '../errors/index.js';

/** What to do with control characters other than tab, newline and carriage return. */
export type ControlCharacterPolicy = 'strip' | 'reject';

// C0 controls except \t \n \r, DEL, and C1 controls: never speakable, often debris from upstream data.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Prepares request text for pocket-tts's stdin: NUL and unpaired surrogates are always refused (binary
 * data or broken strings, which UTF-8 cannot carry faithfully); other control characters are stripped
 * or refused by policy; blank text and text over the limit are refused with the field named.
 */
export function prepareText(text: string, policy: ControlCharacterPolicy, maxLength: number): string {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw invalid(`text contains a NUL character at index ${nul}`, 'Remove NUL characters: the text must be plain text.');
  if (!text.isWellFormed()) throw invalid('text contains an unpaired UTF-16 surrogate', 'Fix the string encoding (String.prototype.toWellFormed()).');
  CONTROL.lastIndex = 0;
  const control = CONTROL.exec(text);
  if (control !== null && policy === 'reject') {
    throw invalid(`text contains control character U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} at index ${control.index}`, 'Remove control characters, or create the tts with limits.controlCharacters: "strip".');
  }
  const cleaned = control === null ? text : text.replace(CONTROL, '');
  if (cleaned.trim() === '') throw invalid('text is blank', 'Pass some text to speak.');
  if (cleaned.length > maxLength) {
    throw invalid(`text is ${cleaned.length} characters, over the limit of ${maxLength}`, `Split the text, or raise the limit: createTts({ limits: { maxTextLength: ${cleaned.length} } }).`, { tooLong: true, maxLength });
  }
  return cleaned;
}

// `tooLong` tells a length refusal from a content one (the serve front answers 413 for it, 400 otherwise);
// `maxLength` lets the CLI word its own fix (it has no option for the limit).
function invalid(message: string, hint: string, details: { tooLong: true; maxLength: number } | undefined = undefined): TtsError {
  return new TtsError('INVALID_INPUT', message, { field: 'text', hint, ...(details === undefined ? {} : { details }) });
}
