// hkerma/kubernetes-event-dataset's audit-logs.csv (Logstash-flattened audit events, CC-BY-4.0, see PROVENANCE.md)
// back into audit.k8s.io/v1 Event JSON lines, so the real reader and engine can run on it.
// The CSV has no header; its columns, from the repo's logstash.conf, are COLUMNS below. Fields are RFC 4180 quoted
// (the host column is JSON with doubled quotes), so rows are split with d3-dsv's parser, not on commas.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { csvParseRows } from 'd3';

export const COLUMNS = [
  'host',
  'requestReceivedTimestamp',
  'user.username',
  'verb',
  'objectRef.resource',
  'objectRef.subresource',
  'objectRef.name',
  'responseObject.metadata.name',
  'requestURI',
  'auditID',
  'stage',
  'responseStatus.code',
  'responseObject.metadata.uid',
  'responseObject.metadata.ownerReferences[0].uid',
  'responseObject.details.uid',
] as const;

export interface HkermaRow {
  /** 1-based row number in the CSV (one row per line: no field holds a newline). */
  row: number;
  fields: string[];
}

export interface HkermaConversion {
  /** One audit Event JSON line per complete row, in CSV order. */
  lines: string[];
  rows: number;
  /** Rows with fewer than COLUMNS.length fields: the source file ends mid-row. */
  truncated: HkermaRow[];
}

/** Parse the CSV (plain or gzip) and convert every complete row; incomplete rows are returned, not guessed at. */
export function convertHkermaCsv(file: string): HkermaConversion {
  const buf = readFileSync(file);
  const text = (buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString('utf8');
  const rows = csvParseRows(text);
  const lines: string[] = [];
  const truncated: HkermaRow[] = [];
  rows.forEach((fields, i) => {
    if (fields.length < COLUMNS.length) {
      truncated.push({ row: i + 1, fields });
      return;
    }
    lines.push(JSON.stringify(toEvent(fields)));
  });
  return { lines, rows: rows.length, truncated };
}

/** One CSV row -> the audit Event it was flattened from (only the fields the CSV kept). */
export function toEvent(f: string[]): Record<string, unknown> {
  const get = (col: (typeof COLUMNS)[number]): string | undefined => {
    const v = f[COLUMNS.indexOf(col)];
    return v === '' ? undefined : v;
  };
  const code = get('responseStatus.code');
  const objectRef = {
    resource: get('objectRef.resource'),
    subresource: get('objectRef.subresource'),
    name: get('objectRef.name'),
  };
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: get('auditID'),
    stage: get('stage'),
    requestURI: get('requestURI'),
    verb: get('verb'),
    user: { username: get('user.username') },
    ...(Object.values(objectRef).some((v) => v !== undefined) ? { objectRef } : {}),
    ...(code !== undefined ? { responseStatus: { code: Number(code) } } : {}),
    requestReceivedTimestamp: get('requestReceivedTimestamp'),
  };
}
