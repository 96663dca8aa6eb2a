// The baseline server for bench/apiserver.ts: HTTPS with the same certificate and TLS options as the API server,
// answering every request with one fixed JSON body. Run as its own process: `node bench/lib/trivial-https.ts PKI_DIR`.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { join } from 'node:path';

const pki = process.argv[2];
if (!pki) {
  console.error('usage: trivial-https.ts PKI_DIR');
  process.exit(2);
}
const body = JSON.stringify({
  apiVersion: 'v1', kind: 'ConfigMap',
  metadata: { name: 'fixed', namespace: 'bench', uid: '00000000-0000-0000-0000-000000000000', resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z' },
  data: { key: 'value' },
});
const server = createServer({
  key: readFileSync(join(pki, 'server.key')), cert: readFileSync(join(pki, 'server.crt')), ca: [readFileSync(join(pki, 'ca.crt'))],
  requestCert: true, rejectUnauthorized: false, keepAlive: true, keepAliveTimeout: 65_000,
}, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`ready https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
