// Audit events inside a log pipeline's records (a container log driver, CloudWatch Logs for EKS, Azure Monitor for
// AKS, journald, Loki, Elasticsearch, Splunk): each real event of a real log, wrapped as that pipeline writes it, gives the report the bare
// log gives; a record that holds no audit event is one bad line saying which field of which record held what.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import { recordPieceHint } from '../../src/engine/line-prefix.js';
import { LEGACY_AUDIT_LINE } from '../../src/engine/text-shape.js';
import { eventsIn, type AuditEvent } from '../../src/engine/audit.js';
import type { Report } from '../../src/engine/report.js';
import { rbacFromLogs } from '../../src/rbac.js';
import { longLineMessage, MAX_LINE_BYTES } from '../../src/sources/audit-files.js';
import { shellWord } from '../../src/shell-word.js';
import { AUDIT2RBAC_2017, readLines, scratchDir } from '../helpers/fixtures.js';

const dir = scratchDir('log-envelope');
const lines = readLines(AUDIT2RBAC_2017);
const write = (name: string, data: string | Buffer): string => {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
};

/** What eventsIn makes of one value: the events' auditIDs and the refusals. */
function take(raw: unknown): { ids: string[]; refused: string[] } {
  const ids: string[] = [];
  const refused: string[] = [];
  eventsIn(raw, (ev: AuditEvent) => ids.push(ev.auditID), (m) => refused.push(m));
  return { ids, refused };
}

/** A report without what names its inputs or the tool's build. */
const content = (r: Report): unknown => ({ ...r, inputs: undefined, tool: undefined });

const settings = (logs: string[]): AnalyzeSettings => ({ logs, kubernetesVersion: '1.36', selection: { includeSystem: true } });

describe('the records of log pipelines', () => {
  const event = JSON.parse(lines[0]) as { auditID: string };

  it('takes the event in a record\'s text field, and lists of such records', () => {
    const text = JSON.stringify(event);
    expect(take({ log: `${text}\n`, stream: 'stdout', time: '2026-12-04T10:00:00Z' }).ids).toStrictEqual([event.auditID]);
    expect(take({ category: 'kube-audit', properties: { log: text, stream: 'stdout', pod: 'kube-apiserver-x' } }).ids).toStrictEqual([event.auditID]);
    expect(take({ logStreamName: 'kube-apiserver-audit-1', timestamp: 1, message: text }).ids).toStrictEqual([event.auditID]);
    expect(take({ '@timestamp': 'x', '@message': text }).ids).toStrictEqual([event.auditID]);
    expect(take({ MESSAGE: text, _SYSTEMD_UNIT: 'kube-apiserver.service' }).ids).toStrictEqual([event.auditID]);
    expect(take({ labels: {}, line: text }).ids).toStrictEqual([event.auditID]);
    const record = (id: string): object => ({ message: JSON.stringify({ ...event, auditID: id }) });
    expect(take({ events: [record('a'), record('b')], searchedLogStreams: [] }).ids).toStrictEqual(['a', 'b']);
    expect(take({ messageType: 'DATA_MESSAGE', logEvents: [record('c')] }).ids).toStrictEqual(['c']);
    expect(take({ events: [record('d'), 7] }).refused).toStrictEqual([
      'a CloudWatch Logs "events" list (aws logs filter-log-events, get-log-events), record 2: not a JSON object',
    ]);
    expect(take({ records: [{ properties: { log: JSON.stringify(event) } }] }).ids).toStrictEqual([event.auditID]);
    const result = (fields: object): object => Object.entries(fields).map(([field, value]) => ({ field, value: value as unknown }));
    expect(take({ results: [result({ '@timestamp': 'x', '@message': text }), []], status: 'Complete' })).toStrictEqual({
      ids: [event.auditID],
      refused: ['a CloudWatch Logs Insights "results" list (aws logs get-query-results), record 2: a JSON array of 0 items, not an audit event: APISnoop reads audit events one per line, an EventList (kind: EventList, items), or a JSON array of events or log records'],
    });
    // A query that lists some of the event's own fields beside @message (fields auditID, verb, @message): the result
    // is still the record of that event, read whole from @message, not an event of the few fields picked.
    const picked = take({ results: [result({ '@timestamp': 'x', auditID: event.auditID, '@message': text }), result({ kind: 'Event', verb: 'get', '@message': text })] });
    expect(picked).toStrictEqual({ ids: [event.auditID, event.auditID], refused: [] });
  });

  it('takes the event kept as an object (Elastic, OpenSearch) or as raw text (Splunk)', () => {
    const filebeat = { '@timestamp': 'x', kubernetes: { audit: event }, event: { dataset: 'kubernetes.audit_logs' } };
    expect(take(filebeat).ids).toStrictEqual([event.auditID]);
    expect(take({ _index: 'audit', _id: '1', _source: filebeat }).ids).toStrictEqual([event.auditID]);
    expect(take({ _index: 'audit', _source: event }).ids).toStrictEqual([event.auditID]);
    const hit = (id: string): object => ({ _source: { kubernetes: { audit: { ...event, auditID: id } } } });
    expect(take({ took: 3, hits: { total: { value: 2 }, hits: [hit('e'), hit('f')] } }).ids).toStrictEqual(['e', 'f']);
    expect(take({ preview: false, offset: 0, result: { _raw: JSON.stringify(event), _time: 'x', host: 'cp-1' } }).ids).toStrictEqual([event.auditID]);
    expect(take({ result: { _raw: 'not json' } }).refused).toStrictEqual([
      'the "result" of a Splunk export record: the "_raw" field of a Splunk event is not JSON, so not an audit event: 8 characters (not quoted: audit log lines may hold secrets)',
    ]);
    expect(take({ _source: { kubernetes: { audit: { verb: 'get' } } } }).refused).toStrictEqual([
      'the "_source" of an Elasticsearch or OpenSearch hit: the "kubernetes.audit" field of an Elastic Agent or Filebeat document: not an audit event: no auditID',
    ]);
  });

  it('leaves an audit event with a field of those names an audit event', () => {
    // An event is never opened as an envelope: a "message" or "log" field of its own is just a field.
    expect(take({ ...event, message: 'x', log: '{}', events: [] })).toStrictEqual({ ids: [event.auditID], refused: [] });
  });

  it('reads the event in a text field as a line of a log is read: behind a byte order mark, or a container runtime\'s prefix', () => {
    const text = JSON.stringify(event);
    expect(take({ '@message': `\uFEFF${text}` })).toStrictEqual({ ids: [event.auditID], refused: [] });
    expect(take({ log: `2026-12-04T10:00:00.123456789Z stdout F ${text}\n` })).toStrictEqual({ ids: [event.auditID], refused: [] });
    expect(take({ _raw: `2026-12-04T10:00:00.123Z ${text}` })).toStrictEqual({ ids: [event.auditID], refused: [] });
    // A piece of a line the runtime cut is no event; the prefix's advice (an awk command joining a file's lines) is
    // given for records: their lines first (jq -r .log), then the pieces.
    const piece = `2026-12-04T10:00:00.123456789Z stdout P ${text.slice(0, 80)}`;
    expect(take({ log: piece })).toStrictEqual({
      ids: [],
      refused: [
        `the "log" field of a container log record (Docker's json-file, fluentd, fluent-bit) is not JSON, so not an audit event: a container runtime's prefix "2026-12-04T10:00:00.123456789Z stdout P " (CRI log format: time, stream, tag), then "{\\"kind\\":\\"Event\\"…" (80 characters; the rest not quoted)${recordPieceHint(piece)}`,
      ],
    });
  });

  it('says which field of which record held what, when it holds no audit event', () => {
    const refused = (raw: unknown): string[] => take(raw).refused;
    expect(refused({ log: 'I1204 10:00:00.000000       1 server.go:100] starting\n', stream: 'stderr' })).toStrictEqual([
      'the "log" field of a container log record (Docker\'s json-file, fluentd, fluent-bit) is not JSON, so not an audit event: a klog line "I1204 10:00:00.000000       1 server.go:100] …" (53 characters; the rest not quoted)',
    ]);
    // The API server's legacy audit format (--audit-log-format=legacy) to stdout: named, not quoted.
    const legacy = '2023-01-27T18:28:08.129781Z AUDIT: id="a1b86d5d-6f8f-4058-9710-19f5cc40a68a" stage="ResponseComplete" ip="10.0.0.1" method="list" user="kubernetes-admin" namespace="app" uri="/api/v1/pods" response="200"';
    expect(refused({ log: `${legacy}\n`, stream: 'stdout' })).toStrictEqual([
      `the "log" field of a container log record (Docker's json-file, fluentd, fluent-bit) is not JSON, so not an audit event: a line of ${LEGACY_AUDIT_LINE} (${legacy.length} characters, not quoted)`,
    ]);
    // Behind kubectl logs --prefix's header (a record of kubectl's output): that named, then the line.
    expect(refused({ log: `[pod/kube-apiserver-x/kube-apiserver] ${legacy}\n`, stream: 'stdout' })).toStrictEqual([
      `the "log" field of a container log record (Docker's json-file, fluentd, fluent-bit) is not JSON, so not an audit event: kubectl logs --prefix's header ([pod/NAME/CONTAINER]), then a line of ${LEGACY_AUDIT_LINE} (${legacy.length} characters, not quoted)`,
    ]);
    // A "message" is named by the record it is in: CloudWatch Logs only when the record is one.
    const notJson = 'is not JSON, so not an audit event: 5 characters (not quoted: audit log lines may hold secrets)';
    expect(refused({ level: 'info', message: 'hello' })).toStrictEqual([`the "message" field of a log record ${notJson}`]);
    expect(refused({ timestamp: 1, message: 'hello', logStreamName: 'kube-apiserver-audit-1', ingestionTime: 2, eventId: '1' })).toStrictEqual([
      `the "message" field of a log record (CloudWatch Logs: EKS's kube-apiserver-audit) ${notJson}`,
    ]);
    expect(refused({ '@timestamp': '2026-12-04T10:00:00Z', message: 'hello', log: { file: { path: '/var/log/kube-apiserver/audit.log' }, offset: 5 }, ecs: { version: '8' } })).toStrictEqual([
      `the "message" field of a log record (a Filebeat or Elastic Agent document, ECS) ${notJson}`,
    ]);
    expect(refused({ _index: 'audit', _source: { message: 'hello' } })).toStrictEqual([`the "_source" of an Elasticsearch or OpenSearch hit: the "message" field of a log record ${notJson}`]);
    expect(refused({ log: JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1' }) })).toStrictEqual([
      'the "log" field of a container log record (Docker\'s json-file, fluentd, fluent-bit): not an audit event: no auditID',
    ]);
    // A record of the list that is not one is said, with its place in the list, and the others count.
    expect(take({ records: [{ properties: { log: 'x' } }, { properties: { log: lines[1] } }] })).toStrictEqual({
      ids: [JSON.parse(lines[1]).auditID],
      refused: [
        'an Azure Monitor "records" list (diagnostic logs, as Event Hubs and storage accounts hold them), record 1: the "properties.log" field of an Azure Monitor record (AKS\'s kube-audit) is not JSON, so not an audit event: 1 character (not quoted: audit log lines may hold secrets)',
      ],
    });
  });

  it('says how to join the pieces of a line Docker cut, and what a GKE entry is', () => {
    const text = JSON.stringify(event);
    // Into a file, which every command takes (load-audit reads no stdin).
    const hint = "; a piece of a longer line? Docker's json-file driver cuts lines of over 16 KB into records: join them first, jq -j .log FILE > FILE.jsonl (from a .gz: gzip -dc FILE | jq -j .log > FILE.jsonl) and give FILE.jsonl";
    expect(take({ log: text.slice(0, 100) }).refused[0]).toMatch(new RegExp(`${hint.replace(/[.?*+^$()[\]{}|\\]/g, '\\$&')}$`));
    expect(take({ log: text.slice(100) + '\n' }).refused[0]).toContain(hint);
    expect(take({ log: 'plain text\n' }).refused[0]).not.toContain(hint);
    expect(take({ message: text.slice(0, 100) }).refused[0]).not.toContain(hint);
    const gke = { protoPayload: { '@type': 'type.googleapis.com/google.cloud.audit.AuditLog', methodName: 'io.k8s.core.v1.pods.list' } };
    // gcloud logging read --format=json writes the entries as one array.
    expect(take([gke, gke]).refused).toStrictEqual([
      "a JSON array of Cloud Logging entries (gcloud logging read --format=json), the first of them a Cloud Audit Logs entry (protoPayload), as GKE writes its Kubernetes audit logs, not an audit.k8s.io event: it has no request URI to match to the API's operations",
    ]);
    expect(take(gke).refused).toStrictEqual([
      "a Cloud Audit Logs entry (protoPayload), as GKE writes its Kubernetes audit logs, not an audit.k8s.io event: it has no request URI to match to the API's operations",
    ]);
  });

  it('says of an over-long line of records how to put them one a line, and of an over-long event that it is one and how to keep it', () => {
    expect(longLineMessage('{"messageType":"DATA_MESSAGE","owner":"1"')).toBe(
      `line longer than ${MAX_LINE_BYTES} bytes, skipped; JSON objects one after another (Firehose's records)? Put them one a line first: jq -c . FILE > FILE.jsonl`,
    );
    expect(longLineMessage('\uFEFF{ "events": [{"message"')).toContain("jq -c '.events[]' FILE > FILE.jsonl");
    const event = `line longer than ${MAX_LINE_BYTES} bytes, skipped; it is an audit event, not read: its request counts only if another stage of it is read; to read it, drop the request and response bodies it carries first,`;
    const filter = `jq -c 'del(.requestObject, .responseObject)'`;
    expect(longLineMessage('{"kind":"Event","apiVersion":"audit.k8s.io/v1"')).toBe(`${event} ${filter} FILE > FILE.jsonl`);
    expect(longLineMessage('{"auditID":"4d1f","stage":"ResponseComplete"', 'gzip')).toBe(`${event} gzip -dc FILE | ${filter} > FILE.jsonl`);
    // Other lines are not said to be events.
    expect(longLineMessage('{"kind":"Pod","apiVersion":"v1"')).toBe(`line longer than ${MAX_LINE_BYTES} bytes, skipped`);
  });

  it('passes over a CloudWatch Logs subscription\'s control message, which holds no record of the log', () => {
    const control = { messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }] };
    expect(take(control)).toStrictEqual({ ids: [], refused: [] });
    // The same record as data is a record like any other.
    expect(take({ ...control, messageType: 'DATA_MESSAGE' }).refused).toHaveLength(1);
  });

  it('reads the event from its text when fields picked from it sit beside (Splunk\'s _json, a Logs Insights query)', () => {
    const text = JSON.stringify(event);
    const picks = picked(event);
    expect(take({ preview: false, offset: 0, result: { _raw: text, _time: 'x', ...picks } })).toStrictEqual({ ids: [event.auditID], refused: [] });
    expect(take({ ...picks, '@message': text })).toStrictEqual({ ids: [event.auditID], refused: [] });
    expect(take({ kind: 'Event', _raw: text })).toStrictEqual({ ids: [event.auditID], refused: [] });
    // Picked fields with no whole event beside them: no event, said, not a request of no user, code and object.
    const message =
      "fields picked from an audit event (user.username), not the event: a search's or query's fields lose the rest of it; export the whole event (Splunk: _raw; CloudWatch Logs Insights: fields @message; Elasticsearch: _source)";
    expect(take({ result: { _time: 'x', ...picks } })).toStrictEqual({ ids: [], refused: [`the "result" of a Splunk export record: ${message}`] });
    expect(take(picks)).toStrictEqual({ ids: [], refused: [message] });
    // A text holding another event than the record's own is no text of it: the record stays itself.
    const other = { ...event, auditID: 'other' };
    const { 'user.username': _, ...own } = picks;
    expect(take({ ...own, message: JSON.stringify(other) }).ids).toStrictEqual([event.auditID]);
  });

  it('opens records within records only so deep', () => {
    let raw: unknown = event;
    for (let i = 0; i < 6; i++) raw = { log: JSON.stringify(raw) };
    const { ids, refused } = take(raw);
    expect(ids).toStrictEqual([]);
    expect(refused).toHaveLength(1);
    expect(refused[0].endsWith('not an audit event: no auditID')).toBe(true);
  });
});

/** The fields Splunk's _json sourcetype extracts from an event that a search lists: its own keys, user's flattened. */
function picked(e: object): Record<string, unknown> {
  const { kind, apiVersion, auditID, verb, stage, requestURI, user } = e as Record<string, unknown>;
  return { kind, apiVersion, auditID, verb, stage, requestURI, 'user.username': (user as { username?: string } | undefined)?.username };
}

/** An S3 object of Firehose: a subscription's records (DATA_MESSAGE, 50 events each), each gzip, with no newline. */
function firehoseObject(events: object[]): Buffer {
  const records: Buffer[] = [];
  for (let i = 0; i < events.length; i += 50) {
    const logEvents = events.slice(i, i + 50).map((e, j) => ({ id: String(i + j), timestamp: i + j, message: JSON.stringify(e) }));
    records.push(gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '1', logGroup: '/aws/eks/c/cluster', logStream: 'kube-apiserver-audit-1', subscriptionFilters: ['s3'], logEvents })));
    // The subscription checks its destination now and then, among the records.
    if (i === 100) records.push(gzipSync(JSON.stringify({ messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }] })));
  }
  return Buffer.concat(records);
}

/**
 * The commands a message gives to rewrite a log, for the log and for its .gz (FILE in them), each with the file it
 * writes: "X FILE > FILE.jsonl (from a .gz: gzip -dc FILE | X > FILE.jsonl) and give FILE.jsonl".
 */
function writtenBy(message: string, file: string, gz: string): [string, string][] {
  const plain = message.slice(message.indexOf('join them first, ') + 17, message.indexOf(' (from a .gz: '));
  const fromGz = message.slice(message.indexOf(' (from a .gz: ') + 14, message.lastIndexOf(') and give FILE.jsonl'));
  return [
    [plain.replaceAll('FILE', shellWord(file)), `${file}.jsonl`],
    [fromGz.replaceAll('FILE', shellWord(gz)), `${gz}.jsonl`],
  ];
}

describe('a real log as each pipeline writes it', () => {
  const events = lines.map((l) => JSON.parse(l) as object);
  const wrapped: [string, string | Buffer][] = [
    ['docker.log', events.map((e) => JSON.stringify({ log: `${JSON.stringify(e)}\n`, stream: 'stdout', time: '2026-12-04T10:00:00Z' })).join('\n') + '\n'],
    ['aks.log', events.map((e) => JSON.stringify({ category: 'kube-audit', properties: { log: JSON.stringify(e), pod: 'kube-apiserver-1' } })).join('\n') + '\n'],
    ['aks.log.gz', gzipSync(events.map((e) => JSON.stringify({ properties: { log: JSON.stringify(e) } })).join('\n') + '\n')],
    // aws logs filter-log-events writes one document, pretty-printed.
    ['cloudwatch.json', JSON.stringify({ events: events.map((e, i) => ({ logStreamName: 'kube-apiserver-audit-1', timestamp: i, message: JSON.stringify(e), eventId: String(i) })), searchedLogStreams: [] }, null, 4)],
    // aws logs get-query-results of a Logs Insights query: each result a list of {field, value} pairs.
    [
      'insights.json',
      JSON.stringify(
        {
          results: events.map((e, i) => [
            { field: '@timestamp', value: '2026-12-04 10:00:00.000' },
            { field: '@message', value: JSON.stringify(e) },
            { field: '@ptr', value: String(i) },
          ]),
          statistics: { recordsMatched: events.length },
          status: 'Complete',
        },
        null,
        4,
      ),
    ],
    ['azure-records.json', JSON.stringify({ records: events.map((e) => ({ category: 'kube-audit', properties: { log: JSON.stringify(e) } })) })],
    // az monitor log-analytics query of AzureDiagnostics: a JSON array of its rows, pretty-printed, the event in log_s.
    [
      'az-log-analytics.json',
      JSON.stringify(
        events.map((e) => ({ Category: 'kube-audit', TableName: 'PrimaryResult', TimeGenerated: '2026-12-05T10:00:00Z', log_s: JSON.stringify(e) })),
        null,
        2,
      ),
    ],
    ['loki.jsonl', events.map((e) => JSON.stringify({ labels: { job: 'apiserver' }, line: JSON.stringify(e) })).join('\n') + '\n'],
    // Loki's HTTP API (/loki/api/v1/query_range): streams by their labels (two pods, the log's halves), each's values
    // [time, line] pairs.
    [
      'loki-api.json',
      JSON.stringify({
        status: 'success',
        data: {
          resultType: 'streams',
          result: [0, 1].map((pod) => ({ stream: { job: 'apiserver', pod: `kube-apiserver-${pod}` }, values: events.slice(pod * 400, pod * 400 + 400).map((e, i) => [String(1714557600000000000 + i), JSON.stringify(e)]) })),
          stats: {},
        },
      }),
    ],
    // elasticdump writes a hit a line; Filebeat's kubernetes.audit_logs keeps the event as kubernetes.audit.
    ['elasticdump.jsonl', events.map((e, i) => JSON.stringify({ _index: 'logs-kubernetes.audit_logs', _id: String(i), _source: { '@timestamp': 'x', kubernetes: { audit: e } } })).join('\n') + '\n'],
    // Firehose writes a CloudWatch Logs subscription's records to S3 back to back, each its own gzip member: one line.
    ['firehose.gz', firehoseObject(events)],
    ['splunk-export.jsonl', events.map((e, i) => JSON.stringify({ preview: false, offset: i, result: { _raw: JSON.stringify(e), _time: 'x', sourcetype: 'kube:apiserver:audit' } })).join('\n') + '\n'],
    // Splunk's _json sourcetype extracts the event's keys beside _raw, user.username flattened: the event is _raw.
    ['splunk-extracted.jsonl', events.map((e, i) => JSON.stringify({ preview: false, offset: i, result: { _raw: JSON.stringify(e), _time: 'x', sourcetype: '_json', ...picked(e) } })).join('\n') + '\n'],
    // The same rows one a line as they are (a saved search's export), and Logs Insights results with fields picked
    // beside @message as the console exports them: on the line's top level, where the fast path reads.
    ['splunk-extracted-rows.jsonl', events.map((e) => JSON.stringify({ _raw: JSON.stringify(e), ...picked(e) })).join('\n') + '\n'],
    ['insights-console.jsonl', events.map((e) => JSON.stringify({ '@timestamp': 'x', ...picked(e), '@message': JSON.stringify(e) })).join('\n') + '\n'],
    // fluent-bit's tail input on /var/log/containers without its CRI parser (an apiserver auditing to stdout): each
    // line whole in "log", the container runtime's time, stream and tag before the event.
    ['fluent-bit-cri.jsonl', events.map((e, i) => JSON.stringify({ log: `2026-12-04T10:00:00.${String(i).padStart(9, '0')}Z stdout F ${JSON.stringify(e)}` })).join('\n') + '\n'],
  ];
  let bare: Report;
  beforeAll(async () => {
    bare = await analyzeLogs(settings([AUDIT2RBAC_2017]));
  });

  it.each(wrapped)('%s gives the report of the bare log', async (name, data) => {
    const warnings: string[] = [];
    const report = await analyzeLogs({ ...settings([write(name, data)]), onWarning: (w) => warnings.push(w) });
    expect(bare.summary.requests).toBeGreaterThan(400);
    expect(report.summary.invalidLines).toBe(0);
    expect(content(report)).toStrictEqual(content(bare));
    expect(warnings).toStrictEqual([]);
  });

  it('two threads read records as one thread reads the bare log', async () => {
    // Eight copies (auditIDs of their own), so that the records cross many of the threads' 1 MB ranges.
    const copies = Array.from({ length: 8 }, (_, c) => events.map((e) => ({ ...e, auditID: `${(e as { auditID: string }).auditID}-${c}` }))).flat();
    const plain = write('copies.log', copies.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const records = write('copies-docker.log', copies.map((e) => JSON.stringify({ log: `${JSON.stringify(e)}\n`, stream: 'stdout' })).join('\n') + '\n');
    const threads: number[] = [];
    const two = await analyzeLogs({ ...settings([records]), jobs: 2, parallelMinBytes: 0, onThreads: (n) => threads.push(n) });
    expect(threads).toStrictEqual([1]);
    expect(two.summary.requests).toBe(8 * bare.summary.requests);
    expect(content(two)).toStrictEqual(content(await analyzeLogs(settings([plain]))));
  });

  it('records back to back on one line (Firehose) are read alike on the reference path, by two threads, and at a cut', async () => {
    const file = write('firehose-paths.gz', firehoseObject(events));
    expect(content(await analyzeLogs({ ...settings([file]), fast: false }))).toStrictEqual(content(bare));
    // Three jobs: a gzip input's inflating takes one; with two, one thread read it all.
    const threads: number[] = [];
    expect(content(await analyzeLogs({ ...settings([file]), jobs: 3, parallelMinBytes: 0, onThreads: (n) => threads.push(n) }))).toStrictEqual(content(bare));
    // Cut at the end of its last gzip member's data (its trailer lost): every record before the cut still counts.
    const whole = firehoseObject(events);
    const cutFile = write('firehose-cut.gz', whole.subarray(0, whole.length - 8));
    for (const jobs of [1, 3]) {
      const cut = await analyzeLogs({ ...settings([cutFile]), jobs, parallelMinBytes: 0, onThreads: (n) => threads.push(n) });
      expect(cut.summary.events).toBe(bare.summary.events);
      expect(cut.invalid.map((x) => x.message)).toStrictEqual(['truncated gzip after line 1: unexpected end of file; the lines before it were read']);
    }
    expect(threads).toStrictEqual([1, 1]);
    // A line with an object and then something else is still not JSON.
    const bad = await analyzeLogs(settings([write('back-to-back-bad.log', `${lines[0]}${lines[1]}\n${lines[2]}{"kind"\n${lines[3]}\n`)]));
    expect(bad.summary.events).toBe(3);
    expect(bad.invalid.map((x) => [x.line, x.message.slice(0, 9)])).toStrictEqual([[2, 'not JSON:']]);
  });

  it('passes over the pages and rows of a complete export that hold no record: nothing lost, nothing invalid', async () => {
    const record = (e: object): object => ({ logStreamName: 'kube-apiserver-audit-1', message: JSON.stringify(e) });
    const half = Math.floor(events.length / 2);
    // aws logs get-log-events --output json, page by page until nextToken repeats: the last page empty.
    const pages = [{ events: events.slice(0, half).map(record), nextForwardToken: 'f/1' }, { events: events.slice(half).map(record), nextForwardToken: 'f/2' }, { events: [], nextForwardToken: 'f/2' }];
    // An Elasticsearch scroll to its end: its last response's hits.hits empty.
    const hit = (e: object): object => ({ _source: { kubernetes: { audit: e } } });
    const scroll = [{ _scroll_id: 's', hits: { hits: events.map(hit) } }, { _scroll_id: 's', hits: { total: { value: events.length }, hits: [] } }];
    // Splunk's export of a search whose last row held no result: its end, a line of its own.
    const splunk = [...events.map((e, i) => ({ preview: false, offset: i, result: { _raw: JSON.stringify(e) } })), { preview: false, lastrow: true }];
    for (const [name, values] of [['get-log-events-pages.jsonl', pages], ['es-scroll.jsonl', scroll], ['splunk-lastrow.jsonl', splunk]] as const) {
      const report = await analyzeLogs(settings([write(name, values.map((v) => JSON.stringify(v)).join('\n') + '\n')]));
      expect(report.summary.invalidLines).toBe(0);
      expect(content(report)).toStrictEqual(content(bare));
    }
    // An export of nothing at all is still a run that read no event.
    expect(take({ events: [], searchedLogStreams: [] })).toStrictEqual({ ids: [], refused: [] });
    // A row that says more than the end is no end.
    expect(take({ preview: false, lastrow: true, messages: [] }).refused).toHaveLength(1);
  });

  it('says of journalctl\'s null MESSAGE, a field of over 4096 bytes left out, to run it with --all, and reads one written as bytes', async () => {
    // journalctl -o json without --all: an event over 4096 bytes (its objects) is "MESSAGE": null, the rest as text.
    const record = (e: object, i: number): object => {
      const text = JSON.stringify(e);
      return { __CURSOR: `s=${i}`, _SYSTEMD_UNIT: 'kube-apiserver.service', PRIORITY: '6', MESSAGE: Buffer.byteLength(text) > 4096 ? null : text };
    };
    // At RequestResponse level an event holds its objects: here every 40th carries eight of the log's events as one.
    const logged = events.map((e, i) => (i % 40 ? e : { ...e, requestObject: { kind: 'List', items: events.slice(0, 8) } }));
    const cut = logged.map(record);
    const nulls = cut.flatMap((r, i) => ((r as { MESSAGE: unknown }).MESSAGE === null ? [i + 1] : []));
    expect(nulls.length).toBeGreaterThan(0);
    const file = write('journald-default.json', cut.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const report = await analyzeLogs(settings([file]));
    const said =
      'the "MESSAGE" field of a journald record (journalctl -o json) is null: journalctl leaves out a field of over 4096 bytes (an audit event with its objects) unless given --all; run journalctl --all -o json';
    expect(report.invalid).toStrictEqual(nulls.map((line) => ({ file, line, message: said })));
    // With --all, each as text, or as its bytes where journalctl found some not printable: the bare log's report.
    const all = logged.map((e, i) => ({ __CURSOR: `s=${i}`, MESSAGE: i % 2 ? JSON.stringify(e) : [...Buffer.from(JSON.stringify(e))] }));
    const whole = await analyzeLogs(settings([write('journald-all.json', all.map((r) => JSON.stringify(r)).join('\n') + '\n')]));
    expect(whole.summary.invalidLines).toBe(0);
    expect(content(whole)).toStrictEqual(content(bare));
  });

  it('reads the rows of AKS\'s AKSAudit table (az monitor log-analytics query): the event\'s fields as columns, its objects as JSON text', () => {
    const text = (v: unknown): string => (v === undefined ? '' : JSON.stringify(v));
    const rows = events.map((e) => {
      const o = e as Record<string, unknown>;
      return {
        TenantId: 't',
        TimeGenerated: o.timestamp ?? o.requestReceivedTimestamp,
        Level: o.level,
        AuditId: o.auditID,
        Stage: o.stage,
        RequestUri: o.requestURI,
        Verb: o.verb,
        User: text(o.user),
        SourceIps: text(o.sourceIPs),
        UserAgent: o.userAgent ?? '',
        ObjectRef: text(o.objectRef),
        ResponseStatus: text(o.responseStatus),
        RequestObject: '',
        ResponseObject: '',
        Annotations: text(o.annotations ?? {}),
        RequestReceivedTime: o.requestReceivedTimestamp ?? '',
        StageReceivedTime: o.stageTimestamp ?? '',
        Type: 'AKSAudit',
      };
    });
    const read = (raw: unknown): AuditEvent[] => {
      const got: AuditEvent[] = [];
      eventsIn(raw, (ev) => got.push(ev), (m) => got.push(m as never));
      return got;
    };
    // The table keeps no impersonated user: the events of the log without theirs.
    const expected = read(events.map((e) => ({ ...e, impersonatedUser: undefined })));
    expect(expected.length).toBe(events.length);
    expect(read(rows)).toStrictEqual(expected);
  });

  it('says of logcli\'s default output, a time and the labels before each line, to ask for its raw or jsonl output', async () => {
    const labels = ['{}', '{job="apiserver", pod="kube-apiserver-0"}'];
    const file = write('logcli-default.txt', lines.slice(0, 4).map((l, i) => `2024-05-01T10:00:00+00:00 ${labels[i % 2]} ${l}`).join('\n') + '\n');
    const report = await analyzeLogs(settings([file]));
    expect(report.summary.events).toBe(0);
    expect(report.invalid).toHaveLength(4);
    for (const { message } of report.invalid) {
      expect(message).toMatch(/^not JSON after the prefix "2024-05-01T10:00:00\+00:00 ": /);
      expect(message.endsWith("; Loki's labels before the event, as logcli query writes its lines by default: run logcli query --output raw (the lines alone) or --output jsonl")).toBe(true);
    }
    // A line of a Loki response that is no event is said at its place.
    expect(take({ data: { resultType: 'streams', result: [{ stream: {}, values: [['1', lines[0]], ['2', 'level=info msg=start']] }] } })).toStrictEqual({
      ids: [JSON.parse(lines[0]).auditID],
      refused: [
        'a Loki query\'s response (/loki/api/v1/query_range: data.result[].values), record 2: the "line" field of a Loki record (logcli --output jsonl) is not JSON, so not an audit event: 20 characters (not quoted: audit log lines may hold secrets)',
      ],
    });
  });

  it('reads the JSON strings jq writes of texts without -r (jq \'.events[].message\'), each holding an event', async () => {
    const cloudwatch = write('cloudwatch-for-jq.json', wrapped.find(([name]) => name === 'cloudwatch.json')![1]);
    const quoted = write('jq-messages.jsonl', execFileSync('jq', ['.events[].message', cloudwatch]));
    expect(readFileSync(quoted, 'utf8').startsWith('"{')).toBe(true);
    const report = await analyzeLogs(settings([quoted]));
    expect(report.summary.invalidLines).toBe(0);
    expect(content(report)).toStrictEqual(content(bare));
    // What such a string holds is said as of any record; a string of no JSON is still no object.
    expect(take(JSON.stringify({ kind: 'Event' })).refused).toStrictEqual(['a JSON string holding JSON (as jq writes a text without -r): not an audit event: no auditID']);
    expect(take('hello').refused).toStrictEqual(['not a JSON object']);
  });

  it('reads the event a shipper parsed, kept as an object in the field that holds a line as text', async () => {
    const shapes: [string, (e: object) => object][] = [
      ['obj-log.jsonl', (e) => ({ log: e, stream: 'stdout' })],
      ['obj-message.jsonl', (e) => ({ '@timestamp': 'x', message: e })],
      ['obj-props.jsonl', (e) => ({ category: 'kube-audit', properties: { log: e } })],
    ];
    for (const [name, wrap] of shapes) {
      const report = await analyzeLogs(settings([write(name, events.map((e) => JSON.stringify(wrap(e))).join('\n') + '\n')]));
      expect(report.summary.invalidLines).toBe(0);
      expect(content(report)).toStrictEqual(content(bare));
    }
    // A text beside it is still the line read.
    const first = events[0] as { auditID: string };
    expect(take({ log: JSON.stringify(first), message: { level: 'info' } })).toStrictEqual({ ids: [first.auditID], refused: [] });
  });

  it('reads the event kept as its JSON text where a document keeps it as an object (_source, kubernetes.audit, result)', async () => {
    const shapes: [string, (e: object) => object][] = [
      ['str-source.jsonl', (e) => ({ _id: '1', _source: JSON.stringify(e) })],
      ['str-k8saudit.jsonl', (e) => ({ _source: { kubernetes: { audit: JSON.stringify(e) } } })],
      ['str-result.jsonl', (e) => ({ preview: false, result: JSON.stringify(e) })],
      // Filebeat and Elastic Agent always write the file read as an object "log" ({offset, file: {path}}): no event.
      ['str-filebeat.jsonl', (e) => ({ _source: { '@timestamp': 'x', log: { offset: 1, file: { path: '/var/log/kubernetes/audit.log' } }, kubernetes: { audit: JSON.stringify(e) } } })],
      ['str-result-log.jsonl', (e) => ({ result: JSON.stringify(e), log: { level: 'info' } })],
    ];
    for (const [name, wrap] of shapes) {
      for (const fast of [true, false]) {
        const report = await analyzeLogs({ ...settings([write(name, events.map((e) => JSON.stringify(wrap(e))).join('\n') + '\n')]), fast });
        expect(report.summary.invalidLines).toBe(0);
        expect(content(report)).toStrictEqual(content(bare));
      }
    }
    // Such a "log" with no event elsewhere is the record refused, not its "log" taken for the event.
    expect(take({ log: { offset: 1, file: { path: '/a' } } }).refused).toStrictEqual(['not an audit event: no auditID']);
    expect(take({ _source: 'x' }).refused).toStrictEqual(['the "_source" of an Elasticsearch or OpenSearch hit is not JSON, so not an audit event: 1 character (not quoted: audit log lines may hold secrets)']);
    // A record's line is still read first: its own "result" string is no event it holds.
    const first = events[0] as { auditID: string };
    expect(take({ log: JSON.stringify(first), result: 'ok' })).toStrictEqual({ ids: [first.auditID], refused: [] });
  });

  it('judges each item of a JSON array on its own: a control message or a bad row first refuses none of the rest', async () => {
    // jq -s of a CloudWatch Logs subscription's records as Firehose wrote them, the control message first.
    const control = { messageType: 'CONTROL_MESSAGE', owner: 'CloudwatchLogs', logGroup: '', logStream: '', subscriptionFilters: [], logEvents: [{ id: '', timestamp: 1, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }] };
    const data = Array.from({ length: Math.ceil(events.length / 50) }, (_, r) => ({
      messageType: 'DATA_MESSAGE',
      logEvents: events.slice(r * 50, r * 50 + 50).map((e, j) => ({ id: String(r * 50 + j), timestamp: j, message: JSON.stringify(e) })),
    }));
    const slurped = await analyzeLogs(settings([write('subscription-slurped.json', JSON.stringify([control, ...data], null, 2))]));
    expect(slurped.invalid).toStrictEqual([]);
    expect(content(slurped)).toStrictEqual(content(bare));
    // az monitor log-analytics query whose first row holds no event (a klog line of the apiserver): that row said.
    const rows = events.map((e) => ({ Category: 'kube-audit', log_s: JSON.stringify(e) }));
    const klog = { Category: 'kube-audit', log_s: 'I1204 10:00:00.000000       1 server.go:100] starting' };
    const file = write('az-first-bad.json', JSON.stringify([klog, ...rows], null, 2));
    const report = await analyzeLogs(settings([file]));
    expect(report.summary.requests).toBe(bare.summary.requests);
    expect(report.invalid).toStrictEqual([
      {
        file,
        line: 1,
        message: `JSON array item 1 of ${rows.length + 1}: the "log_s" field of an Azure Log Analytics row (AzureDiagnostics, AKS's kube-audit: az monitor log-analytics query) is not JSON, so not an audit event: a klog line "I1204 10:00:00.000000       1 server.go:100] …" (53 characters; the rest not quoted)`,
      },
    ]);
  });

  it('says at its line each record of fields picked from an event with no whole event beside them', async () => {
    const file = write('splunk-picked.jsonl', events.slice(0, 3).map((e, i) => JSON.stringify({ preview: false, offset: i, result: picked(e) })).join('\n') + '\n');
    for (const fast of [true, false]) {
      const report = await analyzeLogs({ ...settings([file]), fast });
      expect(report.summary.events).toBe(0);
      const said = 'the "result" of a Splunk export record: fields picked from an audit event (user.username), not the event';
      expect(report.invalid.map((x) => [x.file, x.line, x.message.slice(0, said.length)])).toStrictEqual([1, 2, 3].map((line) => [file, line, said]));
    }
  });

  it("says at its line of a Splunk row whose _raw Splunk cut (TRUNCATE) that _raw is not JSON, not that its fields were picked", async () => {
    // Splunk keeps an event's first TRUNCATE bytes: its _json extractions beside a _raw cut short.
    const cut = (e: object): string => JSON.stringify(e).slice(0, Math.floor(JSON.stringify(e).length / 2));
    const { 'user.username': _, ...unpicked } = picked(events[0]);
    const rows = [
      ...events.slice(0, 2).map((e, i) => ({ preview: false, offset: i, result: { _raw: cut(e), _time: 'x', ...picked(e) } })),
      { preview: false, offset: 2, result: { _raw: cut(events[0]), ...unpicked } },
    ];
    const file = write('splunk-truncated.jsonl', rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    for (const fast of [true, false]) {
      const report = await analyzeLogs({ ...settings([file]), fast });
      expect(report.summary.events).toBe(0);
      expect(report.invalid.map((x) => [x.file, x.line, x.message])).toStrictEqual(
        rows.map((r, i) => {
          const raw = r.result._raw;
          const bytes = Buffer.byteLength(raw);
          return [
            file,
            i + 1,
            `the "result" of a Splunk export record: the "_raw" field of a Splunk event is not JSON, so not an audit event: "{\\"kind\\":\\"Event\\"…" (${raw.length} characters; the rest not quoted); cut short? It is ${bytes} bytes, and Splunk keeps only the first TRUNCATE bytes of an event (10,000 by default): set TRUNCATE = 0 for the audit log's sourcetype in props.conf (events indexed before stay cut), or give the API server's log itself`,
          ];
        }),
      );
    }
  });

  it('least privilege reads records as the analysis does', async () => {
    const user = lines.map((l) => JSON.parse(l) as { user?: { username?: string } }).find((e) => e.user?.username)!.user!.username!;
    const of = async (file: string): Promise<string> => JSON.stringify(await rbacFromLogs({ logs: [file], user }), (k, v: unknown) => (k === 'file' || k === 'files' ? undefined : v));
    const fromBare = await of(AUDIT2RBAC_2017);
    expect(fromBare).toContain('"verbs"');
    expect(await of(write('docker-rbac.log', wrapped[0][1]))).toBe(fromBare);
  });

  it('a record among the events of a plain log is read with them, and a bad one is one bad line', async () => {
    const mixed = [...lines.slice(0, 10), JSON.stringify({ log: `${lines[10]}\n` }), JSON.stringify({ log: 'not json\n' }), ...lines.slice(11)];
    const report = await analyzeLogs(settings([write('mixed.log', mixed.join('\n') + '\n')]));
    expect(report.summary.requests).toBe(bare.summary.requests);
    expect(report.summary.invalidLines).toBe(1);
    expect(report.invalid).toStrictEqual([
      { file: path.join(dir, 'mixed.log'), line: 12, message: 'the "log" field of a container log record (Docker\'s json-file, fluentd, fluent-bit) is not JSON, so not an audit event: 8 characters (not quoted: audit log lines may hold secrets)' },
    ]);
    expect(readFileSync(path.join(dir, 'mixed.log'), 'utf8')).toContain('"log"');
  });

  it('says how to put the records of a document past the 64 MB bound one a line', async () => {
    // aws logs filter-log-events of a busy cluster: one pretty-printed document, of 65 records of 1 MB here.
    const padded = (i: number): string => JSON.stringify({ ...events[i], auditID: `big-${i}`, requestObject: { pad: 'x'.repeat(1 << 20) } });
    const records = Array.from({ length: 65 }, (_, i) => ({ logStreamName: 'kube-apiserver-audit-1', message: padded(i) }));
    const doc = JSON.stringify({ events: records, searchedLogStreams: [] }, null, 4);
    expect(doc.length).toBeGreaterThan(MAX_LINE_BYTES);
    const report = await analyzeLogs(settings([write('filter-log-events.json', doc)]));
    expect(report.invalid[0]).toStrictEqual({
      file: path.join(dir, 'filter-log-events.json'),
      line: 1,
      // Its records within the bound, read on their own as its list's items, count (the 64th is cut by the bound).
      message: `"{" opens no object: none closes within ${MAX_LINE_BYTES} bytes; a document of records? Put them one a line first: jq -c '.events[]' FILE > FILE.jsonl; read on their own, its lines held 63 audit events, which count`,
    });
    // What that command writes is read whole.
    const oneALine = (JSON.parse(doc) as { events: object[] }).events.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const jsonl = await analyzeLogs(settings([write('filter-log-events.jsonl', oneALine)]));
    expect([jsonl.summary.events, jsonl.summary.invalidLines]).toStrictEqual([65, 0]);
  });

  it("the commands that join the pieces a container runtime cut, kept in records (fluent-bit without its CRI parser), run as they are shown, read as the bare log: not Docker's, which kept each piece's prefix", async () => {
    // A small cut (the runtime's is 16 KB), so that most events of the real log are cut in pieces, each behind its prefix.
    const records = lines.flatMap((l, i) => {
      const pieces = Array.from({ length: Math.ceil(l.length / 200) }, (_, k) => l.slice(k * 200, k * 200 + 200));
      return pieces.map((p, k) => JSON.stringify({ log: `2026-12-04T10:00:00.${String(i).padStart(9, '0')}Z stdout ${k === pieces.length - 1 ? 'F' : 'P'} ${p}` }));
    });
    const file = write('cri-cut.log', records.join('\n') + '\n');
    const gz = write('cri-cut.log.gz', gzipSync(records.join('\n') + '\n'));
    const report = await analyzeLogs(settings([file]));
    expect(report.summary.invalidLines).toBe(records.length - lines.filter((l) => l.length <= 200).length);
    // Each piece, the first (P) and the last (F) alike; a last one that opens an object may be a line of its own.
    const hint = recordPieceHint(`2026-12-04T10:00:00Z stdout P {`)!;
    const [hinted, not] = [report.invalid.filter((l) => l.message.endsWith(hint)), report.invalid.filter((l) => !l.message.endsWith(hint))];
    expect([hinted.some((l) => l.message.includes(' stdout P ')), hinted.some((l) => l.message.includes(' stdout F '))]).toStrictEqual([true, true]);
    expect(not.every((l) => l.message.includes(' stdout F " (CRI log format: time, stream, tag), then '))).toBe(true);
    const message = hinted[0]!.message;
    expect(report.invalid.some((l) => l.message.includes('jq -j'))).toBe(false);
    for (const [from, joined] of writtenBy(message, file, gz)) {
      execFileSync('sh', ['-c', from]);
      expect(content(await analyzeLogs(settings([joined])))).toStrictEqual(content(bare));
    }
  });

  it('the commands that join the records Docker cut, run as they are shown, on the log and on its .gz, read as the bare log', async () => {
    // A small cut (Docker's is 16 KB), so that most events of the real log are cut in pieces.
    const records = lines.flatMap((l) => {
      const out: string[] = [];
      let t = `${l}\n`;
      for (; t.length > 200; t = t.slice(200)) out.push(JSON.stringify({ log: t.slice(0, 200), stream: 'stdout' }));
      return [...out, JSON.stringify({ log: t, stream: 'stdout' })];
    });
    const file = write('docker-cut.log', records.join('\n') + '\n');
    const gz = write('docker-cut.log.gz', gzipSync(records.join('\n') + '\n'));
    const report = await analyzeLogs(settings([file]));
    const message = report.invalid.find((l) => l.message.includes('jq -j'))!.message;
    for (const [from, joined] of writtenBy(message, file, gz)) {
      execFileSync('sh', ['-c', from]);
      expect(content(await analyzeLogs(settings([joined])))).toStrictEqual(content(bare));
    }
  });

  it('says of Logs Insights results past the bound a command whose lines are read: a result is a list of field/value pairs', async () => {
    // aws logs get-query-results, pretty-printed: jq -c '.results[]' wrote each result as its list of pairs, a line
    // that is no record ('a JSON array of 3 items'), so every event was lost again.
    const padded = (i: number): string => JSON.stringify({ ...events[i], auditID: `li-${i}`, requestObject: { pad: 'x'.repeat(1 << 20) } });
    const results = Array.from({ length: 65 }, (_, i) => [
      { field: '@timestamp', value: '2026-12-04 10:00:00.000' },
      { field: '@message', value: padded(i) },
    ]);
    const file = write('query-results.json', JSON.stringify({ results, statistics: {}, status: 'Complete' }, null, 4));
    const report = await analyzeLogs(settings([file]));
    const command = "jq -c '.results[] | map({(.field): .value}) | add' FILE > FILE.jsonl";
    expect(report.invalid[0].message).toBe(`"{" opens no object: none closes within ${MAX_LINE_BYTES} bytes; a document of records? Put them one a line first: ${command}`);
    expect(longLineMessage('{"results":[[{"field":"@message"')).toContain(command);
    execFileSync('sh', ['-c', command.replaceAll('FILE', shellWord(file))]);
    const jsonl = await analyzeLogs(settings([`${file}.jsonl`]));
    expect([jsonl.summary.events, jsonl.summary.invalidLines]).toStrictEqual([65, 0]);
  }, 120_000);

  it('says of a JSON array past the bound, on one line or pretty-printed, the command that puts its items one a line', async () => {
    // jq -s of a log with objects in its events: read whole as its items up to 64 MB, past it each item alone.
    // 80 of 1 MB: 16 items past the bound.
    const padded = Array.from({ length: 80 }, (_, i) => ({ ...(events[i % events.length] as object), auditID: `arr-${i}`, requestObject: { pad: 'x'.repeat(1 << 20) } }));
    const command = "jq -c '.[]' FILE > FILE.jsonl";
    for (const [name, text, message] of [
      ['array-one-line.json', JSON.stringify(padded), `line longer than ${MAX_LINE_BYTES} bytes, skipped; a JSON array of events or records on one line? Put its items one a line first: ${command}`],
      ['array-pretty.json', JSON.stringify(padded, null, 1), `"[" opens no object: none closes within ${MAX_LINE_BYTES} bytes; a JSON array of events or records? Put its items one a line first: ${command}`],
    ] as const) {
      const file = write(name, text + '\n');
      const report = await analyzeLogs(settings([file]));
      // Pretty-printed, the items read on their own within the bound count, which the entry says after the command,
      // and so do those after it, read as its items up to its "]": all but the one the bound cut, which is said (its
      // lines within the bound, and its rest after it).
      expect(report.invalid[0]!.message.startsWith(message), report.invalid[0]!.message).toBe(true);
      if (name === 'array-pretty.json') {
        expect(report.summary.events).toBe(79);
        expect(report.invalid.map((l) => l.line)).toStrictEqual([1, 2345, 2380]);
      }
      execFileSync('sh', ['-c', command.replaceAll('FILE', shellWord(file))]);
      const jsonl = await analyzeLogs(settings([`${file}.jsonl`]));
      expect([jsonl.summary.events, jsonl.summary.invalidLines]).toStrictEqual([80, 0]);
    }
    // One item a line past the bound, the one before the last damaged: the last item, with no comma, the fast path
    // reads; it ends the damaged one's entry as on the reference path (the entry said it "not read", the paths differed).
    const items = padded.map((item) => JSON.stringify(item));
    items[78] = '{"kind": "Event", broken';
    const file = write('array-lines-damaged.json', '[\n' + items.join(',\n') + '\n]\n');
    const fast = await analyzeLogs(settings([file]));
    expect(fast.invalid.map((l) => [l.line, l.message.includes('not read either')])).toStrictEqual([
      [1, false],
      [80, false],
    ]);
    expect(fast.summary.events).toBe(79);
    expect(await analyzeLogs({ ...settings([file]), fast: false })).toStrictEqual(fast);
  }, 120_000);

  it('says so of a gzip input too (a Firehose object in S3), with a command that reads it: jq reads no gzip', async () => {
    // Firehose's records back to back, each its own gzip member: 65 records of 1 MB, one line past the bound.
    const padded = (i: number): string => JSON.stringify({ ...events[i], auditID: `fh-${i}`, requestObject: { pad: 'x'.repeat(1 << 20) } });
    const record = (i: number): string => JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '1', logGroup: '/aws/eks/c/cluster', logStream: 'kube-apiserver-audit-1', subscriptionFilters: ['f'], logEvents: [{ id: `${i}`, timestamp: 1, message: padded(i) }] });
    const file = write('firehose-object', Buffer.concat(Array.from({ length: 65 }, (_, i) => gzipSync(record(i)))));
    const command = 'gzip -dc FILE | jq -c . > FILE.jsonl';
    // Three jobs: gzip's inflating takes one, so that a worker reads besides the main thread.
    for (const jobs of [1, 3]) {
      const threads: number[] = [];
      const report = await analyzeLogs({ ...settings([file]), jobs, parallelMinBytes: 0, onThreads: (n) => threads.push(n) });
      expect(threads).toStrictEqual(jobs === 1 ? [] : [1]);
      expect(report.invalid).toStrictEqual([
        { file, line: 1, message: `line longer than ${MAX_LINE_BYTES} bytes, skipped; JSON objects one after another (Firehose's records)? Put them one a line first: ${command}` },
      ]);
    }
    // The command, run as it is shown, writes what is read whole.
    execFileSync('sh', ['-c', command.replaceAll('FILE', shellWord(file))]);
    const jsonl = await analyzeLogs(settings([`${file}.jsonl`]));
    expect([jsonl.summary.events, jsonl.summary.invalidLines]).toStrictEqual([65, 0]);
    // A pretty-printed document gzipped, and zstd alike.
    const doc = JSON.stringify({ events: Array.from({ length: 65 }, (_, i) => ({ message: padded(i) })) }, null, 4);
    const report = await analyzeLogs(settings([write('filter-log-events.json.gz', gzipSync(doc))]));
    expect(report.invalid[0].message).toMatch(/; a document of records\? Put them one a line first: gzip -dc FILE \| jq -c '\.events\[\]' > FILE\.jsonl; read on their own, its lines held \d+ audit events, which count$/);
    expect(longLineMessage('{"records":[', 'zstd')).toMatch(/: zstd -dc FILE \| jq -c '\.records\[\]' > FILE\.jsonl$/);
  }, 120_000);

  it('onInvalid hears of a record that holds no audit event, on one thread and on two, once', async () => {
    // load-audit warns through onInvalid: it said nothing of such records, and warned of lines that are not JSON.
    const docker = (l: string): string => JSON.stringify({ log: `${l}\n`, stream: 'stdout' });
    const file = write('told.log', [...lines.slice(0, 5).map(docker), docker('I1204 klog'), 'cut {', ...lines.slice(5).map(docker)].join('\n') + '\n');
    for (const jobs of [1, 2]) {
      const told: string[] = [];
      const report = await analyzeLogs({ ...settings([file]), jobs, parallelMinBytes: 0, onInvalid: (l) => told.push(`${l.line}: ${l.message.slice(0, 30)}`) });
      expect(told).toStrictEqual(['6: the "log" field of a container', '7: not JSON: Unexpected character']);
      expect(report.invalid.map((l) => l.line)).toStrictEqual([6, 7]);
    }
  });
});
