// Base URLs of the HTTP servers the pool talks to or runs.

/** `http://host:port`, with an IPv6 literal in brackets (`http://[::1]:8000`). */
export function baseUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
