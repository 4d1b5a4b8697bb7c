// What a POST /tts carries (upstream's form fields), and the multipart body that sends it.
import { randomBytes } from 'node:crypto';

/** An uploaded voice: the FILE NAME's suffix tells pocket-tts its format (`.safetensors` fast, `.wav` slow). */
export interface VoiceUpload {
  filename: string;
  content: Buffer;
}

/** The fields of upstream's `POST /tts`: `text`, and at most one of `voice_url` and `voice_wav`. */
export interface TtsForm {
  text: string;
  voiceUrl?: string;
  voiceWav?: VoiceUpload;
}

/** A multipart/form-data body and its Content-Type (with the boundary). */
export interface MultipartBody {
  body: Buffer;
  contentType: string;
}

/** Encodes a form as multipart/form-data; the boundary is random, so no field content can contain it. */
export function encodeForm(form: TtsForm): MultipartBody {
  const boundary = `----pocket-tts-runtime-${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [field(boundary, 'text', form.text)];
  if (form.voiceUrl !== undefined) parts.push(field(boundary, 'voice_url', form.voiceUrl));
  if (form.voiceWav !== undefined) parts.push(file(boundary, 'voice_wav', form.voiceWav));
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function field(boundary: string, name: string, value: string): Buffer {
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(value, 'utf8'), CRLF]);
}

function file(boundary: string, name: string, upload: VoiceUpload): Buffer {
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${quote(upload.filename)}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  return Buffer.concat([Buffer.from(head, 'utf8'), upload.content, CRLF]);
}

const CRLF = Buffer.from('\r\n', 'latin1');

// A file name goes inside double quotes: quotes, backslashes and line breaks are replaced, not escaped.
function quote(name: string): string {
  return name.replace(/["\\\r\n]/g, '_');
}
