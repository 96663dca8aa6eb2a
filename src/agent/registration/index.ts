// The klusterlet registration agent (ocm-api.md §5.1): bootstrap, CSR, lease, status, claims, rotation.
export { startRegistrationAgent } from './agent.ts';
export type { RegistrationAgent, RegistrationAgentOptions } from './agent.ts';
export { bootstrapKubeConfig, hubEndpoint, serializeKubeConfig } from './kubeconfigs.ts';
export type { HubEndpoint } from './kubeconfigs.ts';
export { BOOTSTRAP_SECRET, HUB_KUBECONFIG_SECRET, DEFAULT_AGENT_NAMESPACE } from './secrets.ts';
export { HUB_LEASE_NAME } from './registered.ts';
