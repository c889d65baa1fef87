import { createConnection, createServer, type Socket } from 'node:net';

/** A proxy in front of a server (see `tcpProxy`). */
export interface TcpProxy {
  readonly port: number;
  /** Cuts every open connection and resets new ones until `up()`. */
  down(): void;
  up(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a database server, to take the server "down" for a client without touching the
 * server itself (it is shared by every test): `down()` cuts every open connection and resets new ones, as a
 * failover or a restart does; `up()` lets connections through again.
 */
export async function tcpProxy(host: string, port: number): Promise<TcpProxy> {
  let isDown = false;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    client.on('error', () => undefined); // a reset peer is what this proxy is for
    if (isDown) {
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection({ host, port });
    upstream.on('error', () => undefined);
    open.add(client);
    open.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    down() {
      isDown = true;
      for (const s of open) s.resetAndDestroy();
      open.clear();
    },
    up() {
      isDown = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
