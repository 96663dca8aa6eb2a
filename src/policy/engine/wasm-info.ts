// Reads what the engine needs from a wasm binary before instantiating it: the limits of the
// imported memory, so the Memory it creates satisfies the module's declared minimum and maximum.

export function isWasm(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
}

export interface MemoryImport {
  module: string;
  name: string;
  min: number;
  max?: number;
}

/** The module's imported memory, or undefined if it imports none. Throws on a malformed binary. */
export function memoryImport(bytes: Uint8Array): MemoryImport | undefined {
  let at = 8;
  const u32 = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length) throw new Error('wasm: unexpected end of module');
      const b = bytes[at++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  };
  const name = (): string => {
    const len = u32();
    const s = new TextDecoder().decode(bytes.subarray(at, at + len));
    at += len;
    return s;
  };
  const limits = (): { min: number; max?: number } => {
    const flags = u32();
    const min = u32();
    const max = flags & 1 ? u32() : undefined;
    return { min, max };
  };
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id !== 2) {
      at = end;
      continue;
    }
    const count = u32();
    for (let i = 0; i < count; i++) {
      const mod = name();
      const field = name();
      const kind = bytes[at++];
      switch (kind) {
        case 0: // function: type index
          u32();
          break;
        case 1: // table: reftype + limits
          at++;
          limits();
          break;
        case 2:
          return { module: mod, name: field, ...limits() };
        case 3: // global: valtype + mutability
          at += 2;
          break;
        default:
          throw new Error(`wasm: unsupported import kind ${kind}`);
      }
    }
    return undefined;
  }
  return undefined;
}
