// Real events re-pointed at other real paths, for behaviour the fixture logs do not show by themselves.
import { AUDIT2RBAC_2017, readLines } from './fixtures.js';

interface Raw {
  verb: string;
  requestURI: string;
  annotations?: Record<string, string>;
}

/**
 * The 2017 audit2rbac log (rbac v1 and core v1 only) with its RBAC paths re-pointed at real 1.13 paths of APIs
 * removed later; every other field stays as the apiserver wrote it:
 *   namespaced roles               -> extensions/v1beta1 deployments    (Pluto: deprecated 1.9, removed 1.16, use apps/v1)
 *   clusterroles                   -> policy/v1beta1 podsecuritypolicies (Pluto: deprecated 1.21, removed 1.25)
 *   get of namespaced rolebindings -> extensions/v1beta1 deployments/{name}/scale (kind Scale: no Pluto entry)
 *   clusterrolebindings            -> rbac v1beta1 clusterrolebindings, with the annotations a 1.19-1.21 apiserver adds
 */
export function deriveRemovedApiLog(): string[] {
  return readLines(AUDIT2RBAC_2017).map((line) => {
    const e = JSON.parse(line) as Raw;
    let uri = e.requestURI;
    let annotations = e.annotations;
    uri = uri.replace(/^\/apis\/rbac\.authorization\.k8s\.io\/v1\/namespaces\/([^/]+)\/roles/, '/apis/extensions/v1beta1/namespaces/$1/deployments');
    uri = uri.replace(/^\/apis\/rbac\.authorization\.k8s\.io\/v1\/clusterroles(?=[/?]|$)/, '/apis/policy/v1beta1/podsecuritypolicies');
    if (e.verb === 'get') {
      uri = uri.replace(/^\/apis\/rbac\.authorization\.k8s\.io\/v1\/namespaces\/([^/]+)\/rolebindings\/([^/?]+)/, '/apis/extensions/v1beta1/namespaces/$1/deployments/$2/scale');
    }
    if (/^\/apis\/rbac\.authorization\.k8s\.io\/v1\/clusterrolebindings/.test(uri)) {
      uri = uri.replace('/v1/', '/v1beta1/');
      annotations = { ...annotations, 'k8s.io/deprecated': 'true', 'k8s.io/removed-release': '1.22' };
    }
    return JSON.stringify({ ...e, requestURI: uri, ...(annotations ? { annotations } : {}) });
  });
}

/** A kubectl user agent written with a leading space, as a log rewritten by hand or by another tool may hold it. */
export const SPACED_KUBECTL = ' kubectl/v1.8.0 (linux/amd64) kubernetes/0b9efaa';
export const HELM = 'Helm/3.14.0';

/**
 * The 2017 audit2rbac log (written without user agents) with user agents put on its requests, both stages alike, by
 * the request's place among them: the 1st of every 5 keeps none (the 6th of every 10 gets a blank one, ' '), the 2nd
 * gets SPACED_KUBECTL, the others HELM. Every other field stays as the apiserver wrote it.
 */
export function deriveUserAgentLog(): string[] {
  const lines = readLines(AUDIT2RBAC_2017);
  const place = new Map<string, number>();
  for (const l of lines) {
    const id = (JSON.parse(l) as { auditID: string }).auditID;
    if (!place.has(id)) place.set(id, place.size);
  }
  return lines.map((line) => {
    const e = JSON.parse(line) as { auditID: string; userAgent?: string };
    const i = place.get(e.auditID)!;
    const agent = i % 10 === 5 ? ' ' : i % 5 === 0 ? undefined : i % 5 === 1 ? SPACED_KUBECTL : HELM;
    return JSON.stringify(agent === undefined ? e : { ...e, userAgent: agent });
  });
}

/**
 * An e2e run's log made of a real one: every event of file as the apiserver wrote it, sent by the e2e framework
 * (e2e.test, which names its test in its user agent) running test, a real test's name. What `--e2e` selects and credits.
 */
export function deriveE2eLog(file: string, test: string): string[] {
  const agent = `e2e.test/v1.36.0 (linux/amd64) kubernetes/abc -- ${test}`;
  return readLines(file).map((line) => JSON.stringify({ ...(JSON.parse(line) as object), userAgent: agent }));
}
