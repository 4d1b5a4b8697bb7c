// Free TCP ports and connection probes.
import { createServer, connect } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Holds a port busy on `host` until `close()` is awaited. */
export async function occupyPort(host = '127.0.0.1'): Promise<{ port: number; close: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const srv = createServer((socket) => socket.destroy());
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      resolve({ port, close: () => new Promise<void>((r) => srv.close(() => r())) });
    });
  });
}

/** 'open' when a TCP connection succeeds, 'refused' on ECONNREFUSED, 'other' otherwise. */
export async function probe(port: number, host = '127.0.0.1'): Promise<'open' | 'refused' | 'other'> {
  return new Promise((resolve) => {
    const sock = connect({ port, host });
    sock.setTimeout(1000);
    sock.once('connect', () => {
      sock.destroy();
      resolve('open');
    });
    sock.once('timeout', () => {
      sock.destroy();
      resolve('other');
    });
    sock.once('error', (e: NodeJS.ErrnoException) => {
      sock.destroy();
      resolve(e.code === 'ECONNREFUSED' ? 'refused' : 'other');
    });
  });
}
