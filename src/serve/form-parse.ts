// Reads a POST /tts body the way upstream (FastAPI/Starlette) does: multipart/form-data or urlencoded.
import type { VoiceUpload } from '../engines/pool/wire/form.js';

/** Fields and file uploads of a form; the last value of a repeated name wins, like Starlette. */
export interface ParsedForm {
  fields: Map<string, string>;
  files: Map<string, VoiceUpload>;
}

/** The body says it is a form but cannot be parsed (upstream answers 400). */
export class FormParseError extends Error {
  override readonly name = 'FormParseError';
}

/** Parses a form body; other content types give an empty form, like Starlette. */
export function parseForm(contentType: string | undefined, body: Buffer): ParsedForm {
  const media = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (media === 'multipart/form-data') return parseMultipart(boundaryOf(contentType ?? ''), body);
  const form: ParsedForm = { fields: new Map(), files: new Map() };
  if (media === 'application/x-www-form-urlencoded') {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) form.fields.set(name, value);
  }
  return form;
}

function boundaryOf(contentType: string): string {
  const boundary = headerParams(contentType).get('boundary');
  if (boundary === undefined || boundary === '') throw new FormParseError('multipart body without a boundary');
  return boundary;
}

function parseMultipart(boundary: string, body: Buffer): ParsedForm {
  const form: ParsedForm = { fields: new Map(), files: new Map() };
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  let at = body.indexOf(delimiter);
  if (at < 0) throw new FormParseError('multipart body without its boundary');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString('latin1') === '--') return form;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), at);
    if (next < 0) throw new FormParseError('multipart body ends inside a part');
    addPart(form, body.subarray(skipLineEnd(body, at), next));
    at = next + CRLF.length;
  }
}

function addPart(form: ParsedForm, part: Buffer): void {
  const split = part.indexOf('\r\n\r\n');
  if (split < 0) throw new FormParseError('multipart part without headers');
  const headers = part.subarray(0, split).toString('utf8').split('\r\n');
  const disposition = headers.find((line) => /^content-disposition:/i.test(line));
  const params = headerParams(disposition?.slice(disposition.indexOf(':') + 1) ?? '');
  const name = params.get('name');
  if (name === undefined) return;
  const content = part.subarray(split + 4);
  const filename = params.get('filename');
  if (filename === undefined) form.fields.set(name, content.toString('utf8'));
  else form.files.set(name, { filename, content: Buffer.from(content) });
}

// `a; name="x"; filename="y"` → name → x, filename → y (quoted strings may escape with a backslash).
function headerParams(header: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (const match of header.matchAll(pattern)) {
    const key = (match[1] ?? '').toLowerCase();
    params.set(key, match[2] === undefined ? (match[3] ?? '').trim() : match[2].replace(/\\(.)/g, '$1'));
  }
  return params;
}

function skipLineEnd(body: Buffer, at: number): number {
  if (body[at] === 0x0d && body[at + 1] === 0x0a) return at + 2;
  throw new FormParseError('multipart boundary not followed by a line break');
}

const CRLF = Buffer.from('\r\n', 'latin1');
