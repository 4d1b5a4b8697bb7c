// A raw HTTP/1.1 client for POST /tts that reports the chunked transfer framing (chunk sizes and arrival
// times), which fetch hides.
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RawChunk {
  size: number;
  /** performance.now() when the chunk's last byte arrived. */
  at: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  chunks: RawChunk[];
  body: Buffer;
  /** Whether the terminating zero-size chunk arrived. */
  complete: boolean;
}

/** Serialises a FormData the way fetch would, for sending it over a raw socket. */
async function encodeForm(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type') ?? '' };
}

export async function rawPost(url: string, form: FormData, timeoutMs = 60_000): Promise<RawResponse> {
  const { hostname, port, pathname } = new URL(url);
  const { body, contentType } = await encodeForm(form);
  return new Promise<RawResponse>((resolve, reject) => {
    const sock = connect({ host: hostname, port: Number(port) });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error('raw POST timed out'));
    }, timeoutMs);
    let buf = Buffer.alloc(0);
    let status = 0;
    let headers: Record<string, string> | undefined;
    const chunks: RawChunk[] = [];
    const parts: Buffer[] = [];
    let complete = false;
    const finish = (): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ status, headers: headers ?? {}, chunks, body: Buffer.concat(parts), complete });
    };
    const parse = (): void => {
      if (!headers) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const [statusLine, ...rest] = buf.toString('latin1', 0, end).split('\r\n');
        status = Number((statusLine ?? '').split(' ')[1]);
        headers = {};
        for (const line of rest) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        buf = buf.subarray(end + 4);
        if (headers['transfer-encoding'] !== 'chunked') {
          // Not chunked: the rest of the connection is the body.
          parts.push(buf);
          buf = Buffer.alloc(0);
        }
      }
      if (headers['transfer-encoding'] !== 'chunked') return;
      for (;;) {
        const lineEnd = buf.indexOf('\r\n');
        if (lineEnd < 0) return;
        const size = parseInt(buf.toString('latin1', 0, lineEnd).split(';')[0] ?? '', 16);
        if (Number.isNaN(size)) {
          finish();
          return;
        }
        if (buf.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          complete = true;
          finish();
          return;
        }
        parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        chunks.push({ size, at: performance.now() });
        buf = buf.subarray(lineEnd + 2 + size + 2);
      }
    };
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      parse();
    });
    sock.on('end', () => {
      if (headers && headers['transfer-encoding'] !== 'chunked') parts.push(buf);
      finish();
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.write(
      `POST ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    );
    sock.write(body);
  });
}
