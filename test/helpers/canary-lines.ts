// Lines of an audit log whose bad lines once quoted what they held: a canary stands where a Secret's data, a token
// or exec's command would, and each line comes with what its message says instead (log-text-not-quoted.test.ts and
// log-text-no-wasm.test.ts).
import { AUDIT2RBAC_V1, readLines } from './fixtures.js';

export const real = readLines(AUDIT2RBAC_V1);
export const event = real[0];
/** An event of the real log with another requestURI, and no objectRef (rbac reads the URI then). */
const withUri = (uri: string): string => JSON.stringify({ ...(JSON.parse(event) as object), auditID: `uri-${uri.length}`, requestURI: uri, objectRef: undefined });

/** Each case's line, and what its message must say instead of the canary. */
export const CASES: [string, RegExp][] = [
  // Docker's json-file driver cut an event over 16 KB: this piece is the middle of a Secret's requestObject.
  [JSON.stringify({ log: 'assword":"CANARYb64aHVudGVyMi1wcm9k","user":"YWRtaW4="}},"responseObject":{}}\n', stream: 'stdout', time: '2026-01-01T00:00:00Z' }), /is not JSON, so not an audit event: 77 characters \(not quoted/],
  // The first piece of one: its start is an event's, quoted up to its kind.
  [JSON.stringify({ log: `{"kind":"Event","apiVersion":"audit.k8s.io/v1","requestObject":{"data":{"token":"CANARYfirstpiece`, stream: 'stdout' }), /not an audit event: "\{\\"kind\\":\\"Event\\"…" \(\d+ characters; the rest not quoted\)/],
  [JSON.stringify({ message: 'password=CANARYcloudwatch' }), /not an audit event: 25 characters \(not quoted/],
  // JSON.parse's message quoted the 10 characters around the unexpected one, or the first 10 of the line.
  ['{"kind":"Event","auditID":"a1","requestObject":{"data":{"password":CANARYunquoted-prod-db}}}', /^not JSON: Unexpected character in JSON at position 67 \(line 1 column 68\)$/],
  ['eyJCANARYjwt.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', /^not JSON: Unexpected character in JSON at position 0 \(line 1 column 1\)$/],
  // A prefix is told by its shape: its length, or a time it begins with.
  [`Authorization: Bearer CANARYprefixtoken ${event}`, /^not JSON: Unexpected character in JSON at position 0 \(line 1 column 1\); a JSON object follows 40 characters before its first "\{": a log line's prefix\?/],
  [`2017-09-11T19:56:03Z stream-CANARYstream ${event}`, /a JSON object follows the time "2017-09-11T19:56:03Z" \(RFC 3339\) and 21 characters more before its first "\{"/],
  [`Sep 11 19:55:05 master kube-apiserver[812]: ${event}`, /a JSON object follows a syslog header \(Mmm dd hh:mm:ss host program\[pid\]:\) before its first "\{"/],
];

/** The service account that sends FIELD_CANARIES (another than the real event's user), as --serviceaccount names it. */
export const CANARY_WRITER = 'canary:writer';
/**
 * Events of the real log whose fields hold a canary where an API server writes none: a path's text after a ; or a #
 * (written or escaped, as an API server writes it), a requestURI with no slash, a URL (its user and password), a path
 * without its leading slash (a name), a verb, a stage, a kind, an auditID (given twice, and of a request rbac cannot
 * read). Sent by CANARY_WRITER, whose requests rbac reads.
 */
const withFields = (fields: Record<string, unknown>, i: number): string =>
  JSON.stringify({ ...(JSON.parse(event) as object), auditID: `fields-${i}`, objectRef: undefined, impersonatedUser: undefined, user: { username: `system:serviceaccount:${CANARY_WRITER}` }, ...fields });
export const FIELD_CANARIES = [
  { requestURI: '/api/v1/namespaces/default/pods;jsessionid=CANARYsession' },
  { requestURI: '/apis/apps/v1/deployments#access_token=CANARYfragment/x' },
  { requestURI: '/apis/apps/v1/namespaces/default/deployments%23CANARYescaped' },
  { requestURI: 'CANARYhunter2' },
  { requestURI: '/healthz%23access_token=CANARYescapedhash/CANARYpast/x' },
  { requestURI: '/healthz;jsessionid=CANARYnonresource' },
  { requestURI: 'https://admin:CANARYpassword@10.0.0.1:6443/api/v1/pods' },
  { requestURI: 'api/v1/namespaces/default/secrets/CANARYname' },
  { auditID: 'CANARYunusable', requestURI: 'CANARYnopath' },
  { verb: 'CANARYverb', requestURI: '/api/v1/namespaces/default/pods' },
  { verb: { password: 'CANARYverbobject' } },
  { stage: 'CANARYstage', auditID: 'stage-CANARY' },
  { kind: 'CANARYkind' },
  { auditID: 'CANARYrepeated' },
  { auditID: 'CANARYrepeated' },
].map(withFields);

/** The real log's first lines, each case's line, an event whose requestURI is no path (its query a token), and FIELD_CANARIES. */
export const canaryLines = [
  ...real.slice(0, 3),
  ...CASES.map(([line]) => line),
  withUri('https://10.0.0.1:6443/api/v1/namespaces/default/pods?access_token=CANARYuritoken'),
  ...FIELD_CANARIES,
];
