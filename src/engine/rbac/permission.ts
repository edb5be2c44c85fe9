// Permission: one verb on one resource or URL, the unit the observed and the granted rules are compared in; and
// the orders RBAC output is sorted in (verbs as Kubernetes lists them, names by code unit).

/** One permission: a verb on a group/resource (optionally some names), or a verb on a non-resource URL. */
export interface Permission {
  verb: string;
  apiGroup?: string;
  resource?: string;
  resourceNames?: string[];
  nonResourceURL?: string;
}

const VERB_ORDER = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
export const verbRank = (v: string): number => {
  const i = VERB_ORDER.indexOf(v);
  return i === -1 ? VERB_ORDER.length : i;
};
export const sortVerbs = (verbs: Iterable<string>): string[] =>
  [...new Set(verbs)].sort((a, b) => verbRank(a) - verbRank(b) || (a < b ? -1 : a > b ? 1 : 0));

export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const uniqSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort(byString);
