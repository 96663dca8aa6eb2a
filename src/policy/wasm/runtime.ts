// Locates and inspects the precompiled runtime (build/policy-runtime.wasm, made by `npm run build`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNTIME_FILE = join('build', 'policy-runtime.wasm');

let cached: Uint8Array | undefined;

/** Finds build/policy-runtime.wasm by walking up from this module (works from src/ and dist/). */
export function runtimePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, RUNTIME_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`policy runtime not found: ${RUNTIME_FILE} is missing; run \`npm run build\` first`);
    }
    dir = parent;
  }
}

export function runtimeBytes(): Uint8Array {
  cached ??= new Uint8Array(readFileSync(runtimePath()));
  return cached;
}

function readLeb(bytes: Uint8Array, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result |= (b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result >>> 0, pos];
    shift += 7;
  }
}

/** End address of the module's active data segments (the runtime's static memory). */
export function staticDataEnd(bytes: Uint8Array): number {
  let pos = 8;
  let end = 0;
  while (pos < bytes.length) {
    const id = bytes[pos++];
    let size: number;
    [size, pos] = readLeb(bytes, pos);
    const next = pos + size;
    if (id === 11) {
      let count: number;
      [count, pos] = readLeb(bytes, pos);
      for (let i = 0; i < count; i++) {
        let flags: number;
        [flags, pos] = readLeb(bytes, pos);
        if (flags === 1) {
          let len: number;
          [len, pos] = readLeb(bytes, pos);
          pos += len;
          continue;
        }
        if (flags === 2) [, pos] = readLeb(bytes, pos); // memory index
        if (bytes[pos] !== 0x41) throw new Error('runtime data segment offset is not i32.const');
        let offset: number;
        [offset, pos] = readLeb(bytes, pos + 1); // small positive offsets: unsigned LEB decodes the same
        pos++; // end opcode
        let len: number;
        [len, pos] = readLeb(bytes, pos);
        pos += len;
        end = Math.max(end, offset + len);
      }
    }
    pos = next;
  }
  return end;
}
