import { describe, expect, it } from 'vitest';
import { encodeForm } from '../../src/engines/pool/index.js';
import { FormParseError, parseForm } from '../../src/serve/index.js';

describe('encodeForm / parseForm (multipart/form-data)', () => {
  it('round-trips text, voice_url and a binary upload', async () => {
    const content = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
    const { body, contentType } = await encodeForm({ text: 'Héllo\r\n--not a boundary', voiceWav: { filename: 'voice.safetensors', content } });
    const parsed = await parseForm(contentType, body);
    expect(parsed.fields.get('text')).toBe('Héllo\r\n--not a boundary');
    expect(parsed.files.get('voice_wav')?.filename).toBe('voice.safetensors');
    expect(parsed.files.get('voice_wav')?.content.equals(content)).toBe(true);
    const withUrl = await encodeForm({ text: 't', voiceUrl: 'alba' });
    expect((await parseForm(withUrl.contentType, withUrl.body)).fields.get('voice_url')).toBe('alba');
  });

  it('uses a fresh random boundary per body', async () => {
    expect((await encodeForm({ text: 'a' })).contentType).not.toBe((await encodeForm({ text: 'a' })).contentType);
  });

  it('neutralises quotes and line breaks in file names', async () => {
    const { body, contentType } = await encodeForm({ text: 't', voiceWav: { filename: 'a"b\r\n.wav', content: Buffer.from('x') } });
    expect((await parseForm(contentType, body)).files.get('voice_wav')?.filename).toBe('a_b__.wav');
  });

  it('parses a body written by another client (quoted boundary, last value wins)', async () => {
    const body = Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="text"\r\n\r\nfirst\r\n--XyZ\r\nContent-Disposition: form-data; name="text"\r\n\r\nsecond\r\n--XyZ--\r\n');
    expect((await parseForm('multipart/form-data; boundary="XyZ"', body)).fields.get('text')).toBe('second');
  });

  it('reads urlencoded forms, and ignores other content types like Starlette', async () => {
    expect((await parseForm('application/x-www-form-urlencoded', Buffer.from('text=a+b%21&voice_url=alba'))).fields.get('text')).toBe('a b!');
    expect((await parseForm('application/json', Buffer.from('{"text":"x"}'))).fields.size).toBe(0);
  });

  it.each([
    ['no boundary parameter', 'multipart/form-data', '--x\r\n'],
    ['boundary absent from the body', 'multipart/form-data; boundary=abc', 'nothing here'],
    ['body ends inside a part', 'multipart/form-data; boundary=abc', '--abc\r\nContent-Disposition: form-data; name="text"\r\n\r\nhalf'],
  ])('refuses a malformed multipart body: %s', async (_name, contentType, body) => {
    await expect(parseForm(contentType, Buffer.from(body))).rejects.toThrow(FormParseError);
  });

  it('refuses a form past its limits instead of truncating it (busboy limits)', async () => {
    const { body, contentType } = await encodeForm({ text: 'x'.repeat(100), voiceWav: { filename: 'voice.wav', content: Buffer.alloc(100) } });
    await expect(parseForm(contentType, body, { maxBytes: 50 })).rejects.toThrow(FormParseError);
    const many = Array.from({ length: 5 }, (_, i) => `--b\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('');
    await expect(parseForm('multipart/form-data; boundary=b', Buffer.from(`${many}--b--\r\n`), { maxParts: 3 })).rejects.toThrow(FormParseError);
    expect((await parseForm('multipart/form-data; boundary=b', Buffer.from(`${many}--b--\r\n`), { maxParts: 5 })).fields.size).toBe(5);
  });

  it('treats a part without a file name as a field, whatever its content type (like Starlette)', async () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="voice_wav"\r\nContent-Type: application/octet-stream\r\n\r\nRIFF\r\n--b--\r\n');
    const parsed = await parseForm('multipart/form-data; boundary=b', body);
    expect([parsed.fields.get('voice_wav'), parsed.files.size]).toEqual(['RIFF', 0]);
  });
});
