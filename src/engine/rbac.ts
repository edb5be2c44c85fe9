// Least privilege from the audit log. For one identity: the RBAC rules its requests needed (observed), the rules
// the manifests bind to it (granted, wildcards expanded against the spec's resources), and the difference: rules
// granted but never exercised, riskiest first, and requests that were denied. Pure: requests, RBAC objects and
// spec operations in, plain data out. Matching follows k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac
// (RuleAllows, VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches).
// The steps are the modules of rbac/, one job each; this file is their public surface.
export { type PolicyRule, type ObjectSource, sourcePlace, type ObjectRef, type LabelSelectorRequirement, type LabelSelector, type RoleObject, type Subject, type BindingObject, type RbacObjects } from './rbac/objects.js';
export { type Identity, identityOf, identityText, withObservedGroups, isIdentityRequest, type RequestAttributes, requestAttributes, type ObservedRequest, type RefusedRequest, refusalHint, attributesKey, RequestCollector, RBAC_GROUP } from './rbac/identity.js';
export { ruleAllows, type Grant, grantAllows, allows, DEFAULT_ROLES, defaultGrants } from './rbac/authorizer.js';
export { sortVerbs, type Permission } from './rbac/permission.js';
export { compactRules, type ObservedRbac, type DeriveOptions, DEFAULT_MAX_RESOURCE_NAMES, deriveRules, observedGrants, observedObjects } from './rbac/observed.js';
export { type ApiResource, type ResourceCatalog, resourceCatalog } from './rbac/catalog.js';
export { type BoundRule, type AggregationNote, type GrantResolution, refOf, subjectMatches, selectorMatches, resolveGrants, expandRule } from './rbac/granted.js';
export { RISKS, type Risk, type OverGrant, type RequestGroup, type RoleUsage, type GrantedRbac, type RbacVerdict, type RbacComparison, type CompareOptions, compareRbac } from './rbac/compare.js';
export { keptUnaudited, rulesCount, withKept } from './rbac/kept.js';
