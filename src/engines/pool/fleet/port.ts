// Free TCP ports for sidecars: asked from the kernel, and not handed out twice by this process.
import { createServer } from 'node:net';

// Ports given to sidecars of this process recently: the kernel may offer a port again once its probe closed.
const handedOut = new Set<number>();
const REMEMBER = 256;

/** A port on `host` that nothing listens on now (bound to port 0, then released). */
export async function freePort(host: string): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await probePort(host);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (handedOut.size > REMEMBER) handedOut.delete(handedOut.values().next().value ?? port);
    return port;
  }
  return probePort(host);
}

function probePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host, port: 0, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
