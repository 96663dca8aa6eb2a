// The OCM API contract in TypeScript: generated types per API group, meta types, and well-known constants.
export * from './generated/index.ts';
export * from './constants.ts';
export type { EmbeddedResource, ManagedFieldsEntry, ObjectMeta, OwnerReference, ResourceInfo } from './meta.ts';
// crds/ loading (node:fs) lives in ./crd-files.ts, kept out of this index so the types import anywhere.
