// A pool of watch connections for bench/apiserver.ts, run as its own process so that reading the streams does not
// delay the process that sends the writes. Usage: `node bench/lib/watchers.ts URL PKI_DIR PATH COUNT`.
// Prints `ready` once every watch is open; on the line `done` on stdin it prints one JSON object
// {name: [receive times]} (process.hrtime in nanoseconds, comparable across processes) and exits.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [url, pki, path, countText] = process.argv.slice(2);
if (!url || !pki || !path || !countText) {
  console.error('usage: watchers.ts URL PKI_DIR PATH COUNT');
  process.exit(2);
}
const tls = {
  ca: readFileSync(join(pki, 'ca.crt'), 'utf8'), cert: readFileSync(join(pki, 'admin.crt'), 'utf8'), key: readFileSync(join(pki, 'admin.key'), 'utf8'),
};
const seen: Record<string, string[]> = {};
const requests: ReturnType<typeof request>[] = [];

function open(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { ...tls, agent: false }, (res) => {
      if (res.statusCode !== 200) { reject(new Error(`watch answered ${res.statusCode}`)); return; }
      resolve();
      let rest = '';
      res.on('data', (chunk: Buffer) => {
        const now = process.hrtime.bigint().toString();
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('{"type":"ADDED"')) continue;
          const m = /"name":"([^"]+)"/.exec(line);
          if (m) (seen[m[1]] ??= []).push(now);
        }
      });
      res.on('error', () => undefined);
    });
    req.on('error', reject);
    req.end();
    requests.push(req);
  });
}

const count = Number(countText);
for (let i = 0; i < count; i += 50) await Promise.all(Array.from({ length: Math.min(50, count - i) }, open));
process.stdout.write('ready\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'done') return;
  for (const r of requests) r.destroy();
  process.stdout.write(`${JSON.stringify(seen)}\n`, () => process.exit(0));
});
