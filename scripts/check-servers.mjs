// Fails fast, with the URL and the fix, when a database server the tests need is not reachable.
// The suites would fail anyway; this makes the reason the first thing CI prints.
import { connect } from 'node:net';

const servers = [
  ['FERRY_TEST_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432/test'],
  ['FERRY_TEST_MYSQL_URL', 'mysql://root@127.0.0.1:3306/test'],
];

let failed = false;
for (const [name, fallback] of servers) {
  const url = new URL(process.env[name] || fallback);
  const port = Number(url.port);
  const ok = await new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(3000, () => {
      socket.destroy();
      resolve(false);
    });
  });
  if (!ok) {
    failed = true;
    console.error(`${name}: nothing listens at ${url.hostname}:${port}. Start the server or point ${name} at one.`);
  } else {
    console.log(`${name}: ${url.hostname}:${port} reachable`);
  }
}
process.exit(failed ? 1 : 0);
