// The one place that touches @open-policy-agent/opa-wasm. Its ESM entry exports only `loadPolicy`,
// so the CommonJS entry is loaded for `loadPolicySync` (the SDK itself is used unchanged).
import { createRequire } from 'node:module';
import type * as Sdk from '@open-policy-agent/opa-wasm';
import type { MemoryDescriptor, WasmModule } from './wasm-api.ts';

export type LoadedPolicy = Sdk.LoadedPolicy;

const require = createRequire(import.meta.url);
const sdk = require('@open-policy-agent/opa-wasm') as { loadPolicySync: typeof Sdk.loadPolicySync; loadPolicy: typeof Sdk.loadPolicy };

export function instantiate(
  module: WasmModule,
  memory: MemoryDescriptor,
  builtins: Record<string, (...args: unknown[]) => unknown>,
): LoadedPolicy {
  // The SDK mutates the descriptor (it fills in `initial`), so hand it a copy.
  return sdk.loadPolicySync(module, { ...memory }, builtins);
}
