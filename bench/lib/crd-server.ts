// Child process for bench/crd-validation.ts: an embedded API server with or without CRD schema enforcement.
// argv: dataDir, "on" | "off". Prints `ready <url>` and runs until SIGTERM.
import { startApiServer } from '../../src/apiserver/server.ts';

const [dataDir, mode] = process.argv.slice(2);
const server = await startApiServer({ dataDir, port: 0, schemaEnforcement: mode !== 'off' });
process.stdout.write(`ready ${server.url}\n`);
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
