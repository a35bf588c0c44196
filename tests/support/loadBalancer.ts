import net from 'node:net';

/**
 * A TCP load balancer for tests: each connection goes to the first backend that accepts it, in this
 * balancer's order. Two of them with opposite orders put clients on different nodes; when a node dies,
 * its clients' reconnections go to the next one, as behind a real balancer with health checks.
 */
export async function startBalancer(backends: number[]): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.pause();
    const tryAt = (i: number) => {
      if (i >= backends.length) return client.destroy();
      const upstream = net.connect(backends[i], '127.0.0.1');
      let connected = false;
      upstream.on('error', () => (connected ? client.destroy() : tryAt(i + 1)));
      upstream.once('connect', () => {
        connected = true;
        open.add(upstream);
        upstream.on('close', () => {
          open.delete(upstream);
          client.destroy();
        });
        client.on('close', () => upstream.destroy());
        client.on('error', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryAt(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
