// The controller toolkit: everything hub and agent controllers are built from, in one import.
export * from './kubeconfig.ts';
export * from './client.ts';
export * from './errors.ts';
export * from './resources.ts';
export * from './selectors.ts';
export * from './cache.ts';
export * from './informer.ts';
export * from './informer-factory.ts';
export * from './work-queue.ts';
export * from './controller.ts';
export * from './wiring.ts';
export * from './conditions.ts';
export * from './apply.ts';
export * from './events.ts';
export * from './leader-election.ts';
