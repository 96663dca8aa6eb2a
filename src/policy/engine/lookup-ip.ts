// net.lookup_ip_addr as a host builtin. Evaluation is synchronous and Node's resolver is not,
// so names (other than IP literals) are resolved by dns.lookup in a helper thread while this
// thread waits on a shared flag, with a time limit.
import { isIP } from 'node:net';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { HostBuiltinError, str, type HostBuiltin } from './builtin-args.ts';

const TIMEOUT_MS = 5000;

const RESOLVER = `
const { parentPort } = require('node:worker_threads');
const dns = require('node:dns');
parentPort.on('message', ({ name, port, flag }) => {
  dns.lookup(name, { all: true }, (err, addrs) => {
    port.postMessage(err ? { code: err.code ?? 'ERROR' } : { addrs: addrs.map((a) => a.address) });
    const f = new Int32Array(flag);
    Atomics.store(f, 0, 1);
    Atomics.notify(f, 0);
  });
});
`;

let resolver: Worker | undefined;

function resolve(name: string): string[] {
  resolver ??= new Worker(RESOLVER, { eval: true });
  // the helper thread must not keep the process alive
  resolver.unref();
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  resolver.postMessage({ name, port: port2, flag }, [port2]);
  const waited = Atomics.wait(new Int32Array(flag), 0, 0, TIMEOUT_MS);
  const reply = receiveMessageOnPort(port1)?.message as { addrs?: string[]; code?: string } | undefined;
  port1.close();
  if (waited === 'timed-out' || !reply) throw new HostBuiltinError(`lookup ${name}: i/o timeout`);
  if (reply.code === 'ENOTFOUND' || reply.code === 'ENODATA') throw new HostBuiltinError(`lookup ${name}: no such host`);
  if (reply.code) throw new HostBuiltinError(`lookup ${name}: ${reply.code}`);
  return reply.addrs ?? [];
}

/** The addresses of a name, as a set (sorted and unique): an IP literal stands for itself. */
function lookupIpAddr(v: unknown): unknown {
  const name = str(v, 'net.lookup_ip_addr', 1);
  const addrs = isIP(name) ? [name] : resolve(name);
  return [...new Set(addrs)].sort();
}

export const lookupBuiltins: Record<string, HostBuiltin> = { 'net.lookup_ip_addr': lookupIpAddr };
