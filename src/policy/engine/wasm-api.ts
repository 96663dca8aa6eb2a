// The slice of the WebAssembly JS API the engine uses. The project's TypeScript setup (ES2023 lib,
// @types/node) carries no WebAssembly declarations, so they are declared here, locally.

/** A compiled module (opaque; it can be posted to worker threads). */
export interface WasmModule {
  readonly __brand?: 'WasmModule';
}

export interface MemoryDescriptor {
  initial: number;
  maximum?: number;
}

/** A linear memory, as the SDK keeps it. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
}

export const WasmJs = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
