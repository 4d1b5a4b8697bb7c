// Reads a POST /tts body the way upstream (FastAPI/Starlette) does: multipart/form-data or urlencoded,
// with busboy (@fastify/busboy), bounded by limits.
import { Busboy, type BusboyConfig } from '@fastify/busboy';
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

/** Bounds of one form; defaults are Starlette's part counts and a field as large as the body. */
export interface FormLimits {
  /** Largest field value or file, in bytes (a body is never larger than the front's body limit). */
  maxBytes?: number;
  /** Most parts, fields and files together (Starlette: 1,000 fields and 1,000 files). */
  maxParts?: number;
}

const FORM_TYPES = new Set(['multipart/form-data', 'application/x-www-form-urlencoded']);

/**
 * Parses a form body; other content types give an empty form, like Starlette. Rejects with FormParseError
 * for a malformed body, or one past `limits` (a truncated field would change what is spoken).
 */
export async function parseForm(contentType: string | undefined, body: Buffer, { maxBytes = body.length + 1, maxParts = 1_000 }: FormLimits = {}): Promise<ParsedForm> {
  const form: ParsedForm = { fields: new Map(), files: new Map() };
  const media = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.has(media)) return form;
  const limits = { fieldSize: maxBytes, fileSize: maxBytes, parts: maxParts, fields: maxParts, files: maxParts };
  // A part is a file when it has a file name (Starlette's rule), whatever its content type.
  const config: BusboyConfig = { headers: { 'content-type': contentType ?? '' }, limits, isPartAFile: (_field, _type, filename) => filename !== undefined };
  let parser;
  try {
    parser = Busboy(config);
  } catch (error) {
    throw new FormParseError((error as Error).message); // e.g. a multipart type without a boundary
  }
  const files: Promise<void>[] = [];
  await new Promise<void>((resolve, reject) => {
    const refuse = (why: string) => () => reject(new FormParseError(why));
    parser.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated) reject(new FormParseError(`field ${name} is over ${maxBytes} bytes`));
      else form.fields.set(name, value);
    });
    parser.on('file', (name, stream, filename) => {
      const read = readFile(stream, name, filename, form);
      read.catch(reject);
      files.push(read);
    });
    parser.on('partsLimit', refuse(`more than ${maxParts} parts`));
    parser.on('fieldsLimit', refuse(`more than ${maxParts} fields`));
    parser.on('filesLimit', refuse(`more than ${maxParts} files`));
    parser.on('error', (error) => reject(new FormParseError(error instanceof Error ? error.message : String(error))));
    parser.on('finish', resolve);
    parser.end(body);
  });
  await Promise.all(files);
  return form;
}

async function readFile(stream: NodeJS.ReadableStream & { truncated: boolean }, name: string, filename: string, form: ParsedForm): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (stream.truncated) throw new FormParseError(`file ${name} is over the size limit`);
  form.files.set(name, { filename, content: Buffer.concat(chunks) });
}
