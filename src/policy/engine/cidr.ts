// net.cidr_contains for IPv4 and IPv6: whether a CIDR contains an address or another CIDR.

interface Net {
  v6: boolean;
  addr: bigint;
  prefix: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  let text = s;
  let tail: bigint[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseV4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    tail = [v4 >> 16n, v4 & 0xffffn];
    text = text.slice(0, lastColon + 1) + '0:0';
    tail.length = 2;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let n = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    n = (n << 16n) | BigInt(parseInt(g, 16));
  }
  if (tail.length) n = (n & ~0xffffffffn) | (tail[0] << 16n) | tail[1];
  return n;
}

function parse(s: string, pos: number): Net {
  const [ip, prefixText, extra] = s.split('/');
  const v6 = ip.includes(':');
  const addr = v6 ? parseV6(ip) : parseV4(ip);
  const bits = v6 ? 128 : 32;
  const prefix = prefixText === undefined ? bits : /^\d+$/.test(prefixText) ? Number(prefixText) : NaN;
  if (addr === undefined || extra !== undefined || !(prefix >= 0 && prefix <= bits)) {
    throw new Error(`net.cidr_contains: operand ${pos}: invalid CIDR or IP address: ${s}`);
  }
  return { v6, addr, prefix };
}

export function cidrContains(cidr: string, other: string): boolean {
  const a = parse(cidr, 1);
  if (!cidr.includes('/')) throw new Error(`net.cidr_contains: operand 1: invalid CIDR: ${cidr}`);
  const b = parse(other, 2);
  if (a.v6 !== b.v6 || b.prefix < a.prefix) return false;
  const bits = BigInt(a.v6 ? 128 : 32);
  const shift = bits - BigInt(a.prefix);
  return a.addr >> shift === b.addr >> shift;
}
