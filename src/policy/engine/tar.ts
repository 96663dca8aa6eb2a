// A small tar reader and writer (POSIX ustar, plus the PAX and GNU long-name records that Go's
// archive/tar writes), enough for OPA bundles. Gzip is left to node:zlib.

const BLOCK = 512;

export interface TarEntry {
  name: string;
  data: Uint8Array;
}

/** Regular files of a tar archive, in archive order, with names normalised (no leading `/` or `./`). */
export function readTar(bytes: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  const decoder = new TextDecoder();
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new Error(`tar: bad header checksum at offset ${offset}`);
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 0x30);
    const dataStart = offset + BLOCK;
    if (dataStart + size > bytes.length) throw new Error(`tar: entry at offset ${offset} is truncated`);
    const data = bytes.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x') {
      longName = paxPath(decoder.decode(data)) ?? longName;
      continue;
    }
    if (type === 'L') {
      longName = cString(data);
      continue;
    }
    if (type === 'g') continue;
    let name = longName ?? headerName(header);
    longName = undefined;
    if (type !== '0' && type !== '\0' && type !== '7') continue; // directories, links and devices carry no content
    name = normaliseName(name);
    if (name) entries.push({ name, data });
  }
  return entries;
}

export function normaliseName(name: string): string {
  return name.replace(/^(\.?\/)+/, '');
}

function headerName(h: Uint8Array): string {
  const name = cString(h.subarray(0, 100));
  const magic = cString(h.subarray(257, 263));
  const prefix = magic.startsWith('ustar') ? cString(h.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function paxPath(text: string): string | undefined {
  // Records are "<len> <key>=<value>\n".
  for (const line of text.split('\n')) {
    const m = /^\d+ path=(.*)$/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

function cString(b: Uint8Array): string {
  const end = b.indexOf(0);
  return new TextDecoder().decode(end < 0 ? b : b.subarray(0, end));
}

function parseOctal(b: Uint8Array): number {
  if (b[0] & 0x80) {
    // GNU base-256 encoding for large sizes.
    let n = 0;
    for (let i = 1; i < b.length; i++) n = n * 256 + b[i];
    return n;
  }
  const s = cString(b).trim();
  return s ? parseInt(s, 8) : 0;
}

function checksumOk(h: Uint8Array): boolean {
  const stored = parseOctal(h.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  return sum === stored;
}

/** Writes regular files into a ustar archive (mode 0644, mtime 0 so builds are reproducible). */
export function writeTar(entries: TarEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const enc = new TextEncoder();
  for (const e of entries) {
    const nameBytes = enc.encode(e.name);
    if (nameBytes.length > 100) chunks.push(...paxRecord(e.name));
    chunks.push(header(nameBytes.length > 100 ? nameBytes.subarray(0, 100) : nameBytes, e.data.length, '0'));
    chunks.push(e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) chunks.push(new Uint8Array(pad));
  }
  chunks.push(new Uint8Array(BLOCK * 2));
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function paxRecord(path: string): Uint8Array[] {
  const enc = new TextEncoder();
  const body = ` path=${path}\n`;
  // The length prefix counts itself, so find the fixed point.
  let len = enc.encode(body).length + 1;
  while (String(len).length + enc.encode(body).length !== len) len = String(len).length + enc.encode(body).length;
  const data = enc.encode(`${len}${body}`);
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return [header(enc.encode('PaxHeader'), data.length, 'x'), data, new Uint8Array(pad)];
}

function header(name: Uint8Array, size: number, type: string): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (s: string, at: number) => h.set(new TextEncoder().encode(s), at);
  h.set(name, 0);
  put('0000644\0', 100); // mode
  put('0000000\0', 108); // uid
  put('0000000\0', 116); // gid
  put(size.toString(8).padStart(11, '0') + '\0', 124);
  put('00000000000\0', 136); // mtime
  put(type, 156);
  put('ustar\0', 257);
  put('00', 263);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}
