// RBAC objects (rbac.authorization.k8s.io/v1) as read from manifests: roles, bindings, their rules and subjects.

export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
  verbs: string[];
}

/** Where an object was read: file, line of its document, and the chart template for `helm template` output. */
export interface ObjectSource {
  file: string;
  line: number;
  template?: string;
}

/**
 * "rendered.yaml:42 (shop/templates/role.yaml)": the line is the file's, the template only says which one helm rendered
 * it from (the template's own lines differ).
 */
export const sourcePlace = (s: ObjectSource): string => `${s.file}:${s.line}${s.template ? ` (${s.template})` : ''}`;

export interface ObjectRef {
  kind: 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace?: string;
  source?: ObjectSource;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface RoleObject {
  kind: 'Role' | 'ClusterRole';
  name: string;
  /** Roles only. */
  namespace?: string;
  labels: Record<string, string>;
  rules: PolicyRule[];
  /** ClusterRoles only: the controller fills rules with those of every ClusterRole these selectors match. */
  aggregationRule?: { clusterRoleSelectors: LabelSelector[] };
  /**
   * Read as an API server served it (`kubectl get -o yaml`: metadata.resourceVersion), not as a chart ships it: an
   * aggregated ClusterRole's rules are then the aggregation controller's work (admin, edit, view) and are kept.
   */
  served?: true;
  source?: ObjectSource;
}

export interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

export interface BindingObject {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  /** RoleBindings only. */
  namespace?: string;
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string };
  subjects: Subject[];
  source?: ObjectSource;
}

export interface RbacObjects {
  roles: RoleObject[];
  bindings: BindingObject[];
}
