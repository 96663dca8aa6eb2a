// Public API of the policy package: compile Rego to OPA-ABI wasm, load wasm modules and OPA
// bundles (including those built by `opa build -t wasm`), evaluate with limits, and the pieces
// of a Gatekeeper harness (input.review, constraint match, data.inventory, template Rego).
export * from './engine/index.ts';
export { runTests, findTests, type TestOutcome, type TestOptions } from './engine/rego-test.ts';
export { loadSources, type Sources } from './engine/sources.ts';

export { reviewOf, reviewOfObject, reviewOfRequest, gatekeeperInput, gvkOf } from './gatekeeper/review.ts';
export type { Review, GatekeeperInput, GroupVersionKind, KubeObject } from './gatekeeper/review.ts';
export { constraintMatches, selectorMatches } from './gatekeeper/match.ts';
export type { ConstraintMatch, LabelSelector, MatchContext } from './gatekeeper/match.ts';
export { inventoryOf, addToInventory, emptyInventory, type Inventory } from './gatekeeper/inventory.ts';
export { regoOfTemplate, packageOf, type TemplateRego } from './gatekeeper/template.ts';
export { verifySuite, type CaseOutcome as SuiteCaseOutcome, type Assertion } from './gatekeeper/verify.ts';
