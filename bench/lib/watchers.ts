// A pool of watch connections for bench/apiserver.ts, run as its own process so that reading the streams does not
// delay the process that sends the writes. Usage: `node bench/lib/watchers.ts URL PKI_DIR PATH COUNT`.
// Prints `ready` once every watch is open; on the line `done` on stdin it prints one JSON object
// {name: [receive times]} (process.hrtime in nanoseconds, comparable across processes) and exits.
//
// Each watch is a plain TLS connection speaking HTTP/1.1 by hand: the receive time is taken the moment the bytes
// arrive, and reading 500 streams in one process costs only the TLS decryption and a line scan per event (an HTTP
// client's parser and stream machinery per socket would add the client's own queueing to the measured delay).
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [url, pki, path, countText] = process.argv.slice(2);
if (!url || !pki || !path || !countText) {
  console.error('usage: watchers.ts URL PKI_DIR PATH COUNT');
  process.exit(2);
}
const target = new URL(path, url);
const tls = {
  ca: readFileSync(join(pki, 'ca.crt'), 'utf8'), cert: readFileSync(join(pki, 'admin.crt'), 'utf8'), key: readFileSync(join(pki, 'admin.key'), 'utf8'),
};
const seen: Record<string, string[]> = {};
const sockets: TLSSocket[] = [];
const request = `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nAccept: application/json\r\n\r\n`;
const ADDED = '{"type":"ADDED"';

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ ...tls, host: target.hostname, port: Number(target.port), servername: 'localhost' }, () => socket.write(request));
    socket.setNoDelay(true);
    let started = false;
    let rest = '';
    socket.on('data', (data: Buffer) => {
      const now = process.hrtime.bigint().toString();
      let text = rest + data.toString('latin1');
      if (!started) {
        const end = text.indexOf('\r\n\r\n');
        if (end < 0) { rest = text; return; }
        if (!text.startsWith('HTTP/1.1 200')) { reject(new Error(`watch answered ${text.slice(0, text.indexOf('\r\n'))}`)); return; }
        started = true;
        resolve();
        text = text.slice(end + 4);
      }
      // chunk-size lines sit between the events; only whole lines starting an ADDED event count
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith(ADDED)) continue;
        const m = /"name":"([^"]+)"/.exec(line);
        if (m) (seen[m[1]] ??= []).push(now);
      }
    });
    socket.on('error', (err) => (started ? undefined : reject(err)));
    sockets.push(socket);
  });
}

const count = Number(countText);
for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, open));
process.stdout.write('ready\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'done') return;
  for (const s of sockets) s.destroy();
  process.stdout.write(`${JSON.stringify(seen)}\n`, () => process.exit(0));
});
