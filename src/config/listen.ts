// The address `pocket-tts-runtime serve` listens on: which hosts are well-formed, which are loopback.
import { isIP } from 'node:net';

// RFC 1123 host names: dot-separated labels of letters, digits and inner hyphens, 253 characters at most.
const HOST_NAME = /^(?=.{1,253}$)[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*\.?$/i;

/**
 * Why `host` cannot be listened on, or null when it is an IPv4 or IPv6 address or a host name. Something
 * that looks like an IPv4 address (digits and dots only) must be one: `256.1.1.1` is refused, not looked up.
 */
export function listenHostProblem(host: string): string | null {
  if (isIP(host) !== 0) return null;
  if (/^[\d.]+$/.test(host)) return 'not a valid IPv4 address';
  if (HOST_NAME.test(host)) return null;
  return 'expected an IP address or a host name';
}

/** True for an address only this machine can reach: 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}
