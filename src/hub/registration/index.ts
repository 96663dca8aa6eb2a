// The hub side of registration: what `ocm init`, `ocm hub` and `ocm up` call.
export { startHubControllers } from './hub.ts';
export type { HubControllerOptions, HubControllers, HubLeaderElectionOptions, HubWebhookOptions, StartHubControllersInput } from './hub.ts';
export { bootstrapHub } from './bootstrap.ts';
export type { BootstrapHubOptions, BootstrapHubResult } from './bootstrap.ts';
export * from './names.ts';
