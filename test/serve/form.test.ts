import { describe, expect, it } from 'vitest';
import { encodeForm } from '../../src/engines/pool/index.js';
import { FormParseError, parseForm } from '../../src/serve/index.js';

describe('encodeForm / parseForm (multipart/form-data)', () => {
  it('round-trips text, voice_url and a binary upload', () => {
    const content = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
    const { body, contentType } = encodeForm({ text: 'Héllo\r\n--not a boundary', voiceWav: { filename: 'voice.safetensors', content } });
    const parsed = parseForm(contentType, body);
    expect(parsed.fields.get('text')).toBe('Héllo\r\n--not a boundary');
    expect(parsed.files.get('voice_wav')?.filename).toBe('voice.safetensors');
    expect(parsed.files.get('voice_wav')?.content.equals(content)).toBe(true);
    const withUrl = encodeForm({ text: 't', voiceUrl: 'alba' });
    expect(parseForm(withUrl.contentType, withUrl.body).fields.get('voice_url')).toBe('alba');
  });

  it('uses a fresh random boundary per body', () => {
    expect(encodeForm({ text: 'a' }).contentType).not.toBe(encodeForm({ text: 'a' }).contentType);
  });

  it('neutralises quotes and line breaks in file names', () => {
    const { body, contentType } = encodeForm({ text: 't', voiceWav: { filename: 'a"b\r\n.wav', content: Buffer.from('x') } });
    expect(parseForm(contentType, body).files.get('voice_wav')?.filename).toBe('a_b__.wav');
  });

  it('parses a body written by another client (quoted boundary, last value wins)', () => {
    const body = Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="text"\r\n\r\nfirst\r\n--XyZ\r\nContent-Disposition: form-data; name="text"\r\n\r\nsecond\r\n--XyZ--\r\n');
    expect(parseForm('multipart/form-data; boundary="XyZ"', body).fields.get('text')).toBe('second');
  });

  it('reads urlencoded forms, and ignores other content types like Starlette', () => {
    expect(parseForm('application/x-www-form-urlencoded', Buffer.from('text=a+b%21&voice_url=alba')).fields.get('text')).toBe('a b!');
    expect(parseForm('application/json', Buffer.from('{"text":"x"}')).fields.size).toBe(0);
  });

  it.each([
    ['no boundary parameter', 'multipart/form-data', '--x\r\n'],
    ['boundary absent from the body', 'multipart/form-data; boundary=abc', 'nothing here'],
    ['body ends inside a part', 'multipart/form-data; boundary=abc', '--abc\r\nContent-Disposition: form-data; name="text"\r\n\r\nhalf'],
  ])('refuses a malformed multipart body: %s', (_name, contentType, body) => {
    expect(() => parseForm(contentType, Buffer.from(body))).toThrow(FormParseError);
  });
});
