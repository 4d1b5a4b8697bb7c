// Raw HTTP exchanges for hostile-input checks, shared by the fuzz test (test/serve/hostile.test.ts) and
// the attack script (scripts/attack.mjs): plain JS so that the script, run by node, can import it too.
import { connect } from 'node:net';

/**
 * A raw exchange: writes `bytes` (without half-closing, like curl), reads until the server closes, or answered
 * and then went quiet for 300 ms, or `ms` pass; the status line's code, if any.
 * @param {number} port
 * @param {Buffer} bytes
 * @param {number} ms
 * @returns {Promise<{ status: number | null; text: string }>}
 */
export function raw(port, bytes, ms) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    /** @type {Buffer[]} */
    const chunks = [];
    /** @type {NodeJS.Timeout | undefined} */
    let quiet;
    const done = () => {
      clearTimeout(timer);
      clearTimeout(quiet);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match === null ? null : Number(match[1]), text });
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (/** @type {Buffer} */ chunk) => {
      chunks.push(chunk);
      clearTimeout(quiet);
      quiet = setTimeout(done, 300);
    });
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.write(bytes);
  });
}

/**
 * What no answer may contain: a path of this machine, a traceback, a token. The kinds found, or none.
 * @param {string} text
 * @returns {string[]}
 */
export function leaks(text) {
  const found = [];
  if (/Traceback|File "/.test(text)) found.push('traceback');
  if (/(?:\/(?:tmp|root|home|usr|opt|work|proc|etc|var)\/)/.test(text)) found.push('path');
  if (/hf_[A-Za-z0-9]{8,}/.test(text)) found.push('token');
  return found;
}
