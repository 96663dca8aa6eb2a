// Label/annotation/finalizer keys and condition types/reasons, in one import.
export * from './labels.ts';
export * from './conditions.ts';
