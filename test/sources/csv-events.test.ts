// CSV exports whose column holds each audit event whole, as a log service's console writes them (CloudWatch Logs
// Insights' @message, Azure Log Analytics' log_s of AzureDiagnostics, Splunk's _raw): each real event of a real log,
// in the CSV as that console quotes it, gives the report the JSON lines give; a row that holds no audit event is one
// bad line at its line of the file, and the rows around it count.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { csvFormatRows } from 'd3-dsv';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeLogs, type AnalyzeSettings } from '../../src/analyze.js';
import type { Report } from '../../src/engine/report.js';
import { rbacFromLogs } from '../../src/rbac.js';
import { MAX_LINE_BYTES, readAuditInput, type LineSink } from '../../src/sources/audit-files.js';
import { csvEventLines, CsvRows } from '../../src/sources/csv-export.js';
import { AUDIT2RBAC_2017, AUDIT2RBAC_V1, HKERMA_CSV, readLines, scratchDir, specPath } from '../helpers/fixtures.js';
import { parseStdout, runCli } from '../helpers/cli.js';
import { COLUMNS } from '../helpers/hkerma.js';

const dir = scratchDir('csv-events');
const write = (name: string, data: string | Buffer): string => {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
};
const lines2017 = readLines(AUDIT2RBAC_2017);
const linesV1 = readLines(AUDIT2RBAC_V1);
const time = (line: string): string =>
  (JSON.parse(line) as { stageTimestamp?: string; timestamp?: string }).stageTimestamp ?? (JSON.parse(line) as { timestamp: string }).timestamp;

/** A report without what names its inputs or the tool's build. */
const content = (r: Report): unknown => ({
  ...r,
  inputs: undefined,
  tool: undefined,
});
const settings = (logs: string[]): AnalyzeSettings => ({
  logs,
  kubernetesVersion: '1.36',
  selection: { includeSystem: true },
});

/** RFC 4180 as the consoles write it (d3-dsv: a cell with a comma, quote or newline quoted, its quotes doubled), with CRLF. */
const csv = (rows: string[][]): string => csvFormatRows(rows).replace(/\n/g, '\r\n') + '\r\n';

/** How each console writes a log's events: its header, and a row for each event. */
const EXPORTS: Array<[string, (events: string[]) => string]> = [
  // CloudWatch Logs Insights, "Export results > Download table (CSV)" of `fields @timestamp, @message, @logStream, @log`.
  [
    'CloudWatch Logs Insights (@message)',
    (events) =>
      csv([
        ['@timestamp', '@message', '@logStream', '@log'],
        ...events.map((e) => [time(e).replace('T', ' ').replace('Z', ''), e, 'kube-apiserver-audit-0123456789abcdef', '123456789012:/aws/eks/prod/cluster']),
      ]),
  ],
  // Azure Log Analytics, "Export to CSV (all columns)" of AzureDiagnostics | where Category == "kube-audit": a byte order mark.
  [
    'Azure Log Analytics, AzureDiagnostics (log_s)',
    (events) =>
      '\uFEFF' +
      csv([
        [
          'TenantId',
          'TimeGenerated [UTC]',
          'ResourceId',
          'Category',
          'ResourceGroup',
          'SubscriptionId',
          'ResourceProvider',
          'Resource',
          'ResourceType',
          'OperationName',
          'log_s',
          'pod_s',
          'stream_s',
          'SourceSystem',
          'Type',
          '_ResourceId',
        ],
        ...events.map((e) => {
          const id = '/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/AKS';
          return [
            '1111',
            time(e),
            id,
            'kube-audit',
            'RG',
            '0000',
            'MICROSOFT.CONTAINERSERVICE',
            'AKS',
            'MANAGEDCLUSTERS',
            'Microsoft.ContainerService/managedClusters/diagnosticLogs/Read',
            e,
            'kube-apiserver-5d4c7b9c7-abcde',
            'stdout',
            'Azure',
            'AzureDiagnostics',
            id.toLowerCase(),
          ];
        }),
      ]),
  ],
  // Splunk, "Export results" as CSV: every header name quoted.
  ['Splunk (_raw)', (events) => '"_serial","_time","_raw","host"\r\n' + csv(events.map((e, i) => [String(i), time(e), e, 'cp-1']))],
];

describe('a CSV export whose column holds the event: each row read as the event', () => {
  let bare2017: Report;
  let bareBoth: Report;
  beforeAll(async () => {
    bare2017 = await analyzeLogs(settings([AUDIT2RBAC_2017]));
    bareBoth = await analyzeLogs(settings([AUDIT2RBAC_2017, AUDIT2RBAC_V1]));
  });

  it.each(EXPORTS)('%s gives the report of the JSON lines, with no bad line or warning', async (name, exported) => {
    const warnings: string[] = [];
    const file = write(`${name.split(' ')[0]}.csv`, exported(lines2017));
    const report = await analyzeLogs({
      ...settings([file]),
      onWarning: (w) => warnings.push(w),
    });
    expect(bare2017.summary.requests).toBeGreaterThan(400);
    expect(report.summary.invalidLines).toBe(0);
    expect(content(report)).toStrictEqual(content(bare2017));
    expect(warnings).toStrictEqual([]);
    // The reference path (every line through JSON.parse) reads it alike.
    expect(content(await analyzeLogs({ ...settings([file]), fast: false }))).toStrictEqual(content(bare2017));
  });

  // Each row's cell was escaped as JSON into a record, which the line reader parsed, and the engine parsed the cell's
  // text again: six times as long as the JSON lines on 100 MB. Counted by what the reader hands on, not timed.
  it.each(EXPORTS)("%s: each row's event takes the JSON lines' path, the same lines read on the fast path", async (name, exported) => {
    const handed = async (file: string): Promise<Record<string, number>> => {
      const n = { event: 0, deferred: 0, value: 0, invalid: 0 };
      const sink: LineSink = { value: () => n.value++, invalidLine: () => n.invalid++, event: () => n.event++, deferred: () => n.deferred++ };
      await readAuditInput(file, sink);
      return n;
    };
    const lines = await handed(AUDIT2RBAC_2017);
    expect(lines.event + lines.deferred).toBeGreaterThan(lines2017.length / 2);
    expect(await handed(write(`fast-${name.split(' ')[0]}.csv`, exported(lines2017)))).toStrictEqual(lines);
  });

  it('several CSV files, a .gz of one, among a JSON log: as the JSON logs', async () => {
    const [, cloudwatch] = EXPORTS[0];
    const [, azure] = EXPORTS[1];
    const gz = write('v1-insights.csv.gz', gzipSync(cloudwatch(linesV1)));
    const report = await analyzeLogs(settings([write('2017-azure.csv', azure(lines2017)), gz]));
    expect(content(report)).toStrictEqual(content(bareBoth));
  });

  it("cells whose collector kept the container runtime's prefix (an apiserver auditing to stdout), or a byte order mark: read as those JSON lines are, on the fast path and the reference path", async () => {
    const cell = (l: string, i: number): string => (i % 2 === 0 ? `${time(l)} stdout F ${l}` : `\uFEFF${l}`);
    const file = write('prefixed-insights.csv', csv([['@timestamp', '@message'], ...lines2017.map((l, i) => [time(l), cell(l, i)])]));
    for (const fast of [true, false]) {
      const warnings: string[] = [];
      const report = await analyzeLogs({ ...settings([file]), fast, onWarning: (w) => warnings.push(w) });
      expect(report.summary.invalidLines).toBe(0);
      expect(content(report)).toStrictEqual(content(bare2017));
      expect(warnings).toStrictEqual([]);
    }
  });

  it('as a user pipes it in: stdin read as the file is', async () => {
    const file = write('stdin.csv', EXPORTS[2][1](lines2017));
    const args = ['analyze', '-', '--spec', specPath('1.28'), '--conformance', 'none', '--format', 'json'];
    const piped = await runCli(args, { inputFile: file });
    const json = await runCli(args, { inputFile: AUDIT2RBAC_2017 });
    expect(piped.stderr).not.toContain('not JSON');
    expect(piped.exitCode).toBe(json.exitCode);
    expect(content(parseStdout<Report>(piped))).toStrictEqual(content(parseStdout<Report>(json)));
  });

  it('cells spanning lines (each event pretty-printed, as a spreadsheet keeps it): the same report, and bad rows after them said at their line of the file', async () => {
    const pretty = lines2017.map((l) => JSON.stringify(JSON.parse(l), null, 2));
    const text = csv([['@timestamp', '@message'], ...pretty.map((p, i) => [time(lines2017[i]), p]), ['2017-09-11 19:55:05', 'not an event']]);
    const report = await analyzeLogs(settings([write('pretty.csv', text)]));
    // The last row begins on the file's last line: each event's lines before it, and the header's.
    const lastLine = text.split('\r\n').length - 1;
    expect(lastLine).toBe(1 + pretty.reduce((n, p) => n + p.split('\n').length, 0) + 1);
    expect(report.invalid).toStrictEqual([
      {
        file: path.join(dir, 'pretty.csv'),
        line: lastLine,
        message: 'the "@message" column of a CSV export (CloudWatch Logs Insights) is not JSON, so not an audit event: 12 characters (not quoted: audit log lines may hold secrets)',
      },
    ]);
    expect(
      content({
        ...report,
        invalid: [],
        summary: { ...report.summary, invalidLines: 0 },
      }),
    ).toStrictEqual(content(bare2017));
  });

  it('a truncated .gz of a CSV export: the rows before the cut count, and the cut is said after the last line read, on one thread and on two', async () => {
    const pretty = lines2017.map((l) => JSON.stringify(JSON.parse(l), null, 2));
    const text = csv([['@timestamp', '@message'], ...pretty.map((p, i) => [time(lines2017[i]), p])]);
    const whole = gzipSync(text);
    // Its trailer lost: every row inflates, and the input ends where the last row's lines do.
    const file = write('cut.csv.gz', whole.subarray(0, whole.length - 8));
    for (const jobs of [1, 3]) {
      const report = await analyzeLogs({ ...settings([file]), jobs, parallelMinBytes: 0 });
      expect(report.summary.events).toBe(bare2017.summary.events);
      expect(report.invalid).toStrictEqual([
        {
          file,
          line: text.split('\r\n').length,
          message: `truncated gzip after line ${text.split('\r\n').length - 1}: unexpected end of file; the lines before it were read`,
        },
      ]);
    }
  });

  it('a row whose cell is no audit event is a bad line at its line; the rows around it count', async () => {
    const file = write(
      'bad-rows.csv',
      [
        '@timestamp,@message',
        `x,"${lines2017[0].replace(/"/g, '""')}"`, // line 2: a good row
        'x,hello', // line 3: not JSON
        `x,"${JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1' }).replace(/"/g, '""')}"`, // line 4: no auditID
        `x,${lines2017[1]}`, // line 5: the event not quoted, its commas split it
        `x,"${lines2017[2].replace(/"/g, '""')}"`, // line 6: good
        `x,"{"kind":"Event"}"`, // line 7: quotes in a quoted cell not doubled
        '', // line 8: blank
        `x,"${lines2017[3].replace(/"/g, '""')}"`, // line 9: good
        `x,"${lines2017[4].slice(0, 100).replace(/"/g, '""')}`, // line 10: a quote never closed
        '',
      ].join('\n'),
    );
    const report = await analyzeLogs(settings([file]));
    expect(report.invalid.map((x) => [x.file, x.line, x.message])).toStrictEqual([
      [file, 3, 'the "@message" column of a CSV export (CloudWatch Logs Insights) is not JSON, so not an audit event: 5 characters (not quoted: audit log lines may hold secrets)'],
      [file, 4, 'the "@message" column of a CSV export (CloudWatch Logs Insights): not an audit event: no auditID'],
      [
        file,
        5,
        expect.stringMatching(
          /^CSV row of \d\d+ cells where its header names 2 columns: its "@message" cell cannot be told \(a cell holding the separator not quoted\?\)$/,
        ),
      ],
      [file, 7, 'not a row of RFC 4180 CSV: text after the closing quote of its cell 2 (a quote in a quoted cell not doubled?)'],
      [file, 10, 'a quoted cell opened at line 10 is not closed by the end of the input: line 10 is not read'],
    ]);
    expect(report.summary).toMatchObject({ events: 3, invalidLines: 5 });
  });

  it('a first line that merely reads "message" above JSON lines is no CSV header: the events are read, the line is one bad line', async () => {
    // A note or a stray field name before the events (echo message > f; cat audit.log >> f): before, every event was a
    // "CSV row of 24 cells" entry and the run read none. Also tab-separated, whose header has two columns and whose event
    // line is no row of them, and when the first event is longer than the bytes judged.
    const padded = lines2017.map((l) => JSON.stringify({ ...(JSON.parse(l) as object), pad: 'x'.repeat(20000) }));
    for (const [name, text, big] of [
      ['message.log', `message\n${lines2017.join('\n')}\n`, false],
      ['log-tab.log', `log\tstream\n${lines2017.join('\n')}\n`, false],
      ['message-big.log', `message\n${padded.join('\n')}\n`, true],
    ] as const) {
      const file = write(name, text);
      for (const jobs of [1, 2]) {
        const report = await analyzeLogs({ ...settings([file]), jobs, parallelMinBytes: 0 });
        expect(report.summary.events, `${name} -j ${jobs}`).toBe(bare2017.summary.events);
        expect(report.invalid).toStrictEqual([{ file, line: 1, message: expect.stringContaining('not JSON') as string }]);
        if (!big) expect(report.operations).toStrictEqual(bare2017.operations);
      }
    }
    const piped = await runCli(['analyze', '-', '--spec', specPath('1.28'), '--conformance', 'none', '--format', 'json'], {
      inputFile: write('piped.log', `message\n${lines2017.join('\n')}\n`),
    });
    expect(parseStdout<Report>(piped).summary.events).toBe(bare2017.summary.events);
  });

  it('an event full of quotes (a ConfigMap of JSON in its request) is read whole', async () => {
    // Each quote of the event is doubled in its cell. Its reading work is held linear by the test of CsvRows below
    // (it was quadratic in the quotes: 20 s and 1.5 GB for a row of 15 MB).
    const config = JSON.stringify(Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`k${i}`, `"v${i}"`])));
    const event = JSON.parse(lines2017[1]) as Record<string, unknown>;
    const big = JSON.stringify({ ...event, requestObject: { kind: 'ConfigMap', apiVersion: 'v1', data: { 'config.json': config } } });
    const file = write('quotes.csv', EXPORTS[0][1]([lines2017[0], big, lines2017[2]]));
    const quotes = readFileSync(file).filter((b) => b === 34).length;
    expect(quotes).toBeGreaterThan(3_000_000);
    const report = await analyzeLogs(settings([file]));
    expect(report.invalid).toStrictEqual([]);
    expect(report.summary.events).toBe(3);
    expect(report.summary.requests).toBe((await analyzeLogs(settings([write('quotes.log', [lines2017[0], big, lines2017[2]].join('\n') + '\n')]))).summary.requests);
  });

  it('a header and no rows: one entry saying so, not an empty file', async () => {
    const file = write('header-only.csv', '\uFEFF@timestamp,@message\r\n');
    const warnings: string[] = [];
    const report = await analyzeLogs({
      ...settings([file]),
      onWarning: (w) => warnings.push(w),
    });
    expect(report.invalid).toStrictEqual([
      {
        file,
        line: 1,
        message: 'CSV export with a header naming its "@message" column and no rows: no audit event in it',
      },
    ]);
    expect(warnings.filter((w) => w.includes('empty') || w.includes('blank'))).toStrictEqual([]);
  });

  it('two threads read a CSV export as one thread does, bad rows and all', async () => {
    // Eight copies (auditIDs of their own), so that the rows cross many of the threads' 1 MB ranges; a bad row among them.
    const copies = Array.from({ length: 8 }, (_, c) =>
      lines2017.map((l) =>
        JSON.stringify({
          ...(JSON.parse(l) as object),
          auditID: `${(JSON.parse(l) as { auditID: string }).auditID}-${c}`,
        }),
      ),
    ).flat();
    const rows = copies.map((e) => [time(e), JSON.stringify(JSON.parse(e), null, 1)]);
    rows.splice(3000, 0, ['x', 'not json']);
    const file = write('copies.csv', csv([['@timestamp', '@message'], ...rows]));
    expect(readFileSync(file).length).toBeGreaterThan(3 << 20);
    const one = await analyzeLogs(settings([file]));
    expect(one.summary).toMatchObject({
      events: 8 * bare2017.summary.events,
      invalidLines: 1,
    });
    for (const jobs of [2, 3]) {
      const threads: number[] = [];
      const two = await analyzeLogs({
        ...settings([file]),
        jobs,
        parallelMinBytes: 0,
        onThreads: (n) => threads.push(n),
      });
      expect(threads).toStrictEqual([jobs - 1]);
      expect(two).toStrictEqual(one);
    }
    // And as a .gz, which both read through the same reader.
    const gz = write('copies.csv.gz', gzipSync(readFileSync(file)));
    const oneGz = await analyzeLogs(settings([gz]));
    expect(oneGz.summary).toStrictEqual(one.summary);
    expect(await analyzeLogs({ ...settings([gz]), jobs: 3, parallelMinBytes: 0 })).toStrictEqual(oneGz);
  });

  it('least privilege reads a CSV export as the analysis does', async () => {
    const user = lines2017.map((l) => JSON.parse(l) as { user?: { username?: string } }).find((e) => e.user?.username)!.user!.username!;
    const of = async (file: string): Promise<string> =>
      JSON.stringify(await rbacFromLogs({ logs: [file], user }), (k, v: unknown) => (k === 'file' || k === 'files' ? undefined : v));
    const fromBare = await of(AUDIT2RBAC_2017);
    expect(fromBare).toContain('"verbs"');
    expect(await of(write('rbac.csv', EXPORTS[0][1](lines2017)))).toBe(fromBare);
  });

  it('a header naming audit event fields beside @message is read by @message; without it, still refused as a CSV of fields', async () => {
    const picked = csv([
      ['@timestamp', 'auditID', 'verb', 'requestURI', '@message'],
      ...lines2017.map((l) => {
        const e = JSON.parse(l) as {
          auditID: string;
          verb: string;
          requestURI: string;
        };
        return [time(l), e.auditID, e.verb, e.requestURI, l];
      }),
    ]);
    expect(content(await analyzeLogs(settings([write('picked.csv', picked)])))).toStrictEqual(content(bare2017));
    const fields = write(
      'fields.csv',
      picked
        .replace(',@message\r\n', '\r\n')
        .split('\r\n')
        .map((r) => r.replace(/,"\{.*$/, ''))
        .join('\r\n'),
    );
    const refused = await analyzeLogs(settings([fields]));
    expect(refused.invalid).toStrictEqual([
      {
        file: fields,
        line: 1,
        message: expect.stringMatching(
          /^CSV of audit events, not an audit log: its first line is a header naming audit event fields \(auditID, verb, requestURI\)/,
        ),
      },
    ]);
    // AKS's resource-specific AKSAudit table, a column for each field (its columns as Azure Monitor's reference gives
    // them): refused, saying to export its rows as JSON, which are read (log-envelope.test.ts), not that a CSV keeps
    // only some of the event: the table's columns are the same in both.
    const aksAudit = write(
      'aksaudit.csv',
      csv([
        [
          'TimeGenerated [UTC]',
          'Level',
          'AuditId',
          'Stage',
          'RequestUri',
          'Verb',
          'User',
          'UserAgent',
          'ObjectRef',
          'ResponseStatus',
          'SourceIps',
          'PodName',
          'Type',
        ],
        [
          '2017-09-11 19:55:05',
          'Metadata',
          'a',
          'ResponseComplete',
          '/api',
          'get',
          '{"username":"bob"}',
          'kubectl',
          '{}',
          '{"code":200}',
          '["::1"]',
          'kube-apiserver-x',
          'AKSAudit',
        ],
      ]),
    );
    expect((await analyzeLogs(settings([aksAudit]))).invalid).toStrictEqual([
      {
        file: aksAudit,
        line: 1,
        message:
          "CSV of audit events, not an audit log: its first line is a header naming audit event fields (AuditId, Stage, RequestUri, …). AKS's AKSAudit table is read from its rows as JSON, not as CSV: export them so, az monitor log-analytics query -w WORKSPACE --analytics-query 'AKSAudit' > audit.json, or give the API server's log",
      },
    ]);
    // The same row as that command writes it, in a JSON array, is read.
    const header = ['TimeGenerated', 'AuditId', 'Stage', 'RequestUri', 'Verb', 'User', 'ObjectRef', 'ResponseStatus'];
    const cells = ['2017-09-11T19:55:05Z', 'a', 'ResponseComplete', '/api', 'get', '{"username":"bob"}', '{}', '{"code":200}'];
    const aksJson = write('aksaudit.json', JSON.stringify([Object.fromEntries(header.map((h, i) => [h, cells[i]]))]));
    const read = await analyzeLogs(settings([aksJson]));
    expect([read.summary.requests, read.summary.invalidLines]).toStrictEqual([1, 0]);
    // The hkerma dataset's columns, with a header: refused as before.
    const hkerma = write('hkerma-header.csv', [COLUMNS.join(','), 'a,b,c'].join('\n'));
    expect((await analyzeLogs(settings([hkerma]))).invalid[0].message).toMatch(/^CSV of audit events, not an audit log/);
    expect((await analyzeLogs(settings([HKERMA_CSV]))).invalid[0].message).toMatch(/^CSV of audit events, not an audit log/);
  });
});

describe('the lines a CSV export of events hands to the line reader', () => {
  const linesOf = async (text: string, maxBytes: number): Promise<string[]> => {
    const pieces = (async function* () {
      yield Buffer.from(text);
    })();
    let out = '';
    for await (const b of csvEventLines(pieces, { column: '@message', index: 1, columns: 2, separator: ',' }, maxBytes)) out += b.toString();
    return out.split('\n');
  };

  // The row was bounded once escaped as JSON: a cell within the bound, of an event full of backslashes (each one two
  // once escaped), was skipped as "longer than … as a line". Its own text is its line now, which the row bounds.
  it("a row within the bound is its cell's own text, however long that is once escaped as JSON", async () => {
    const event = JSON.stringify({ ...(JSON.parse(lines2017[0]) as object), requestObject: { data: { path: '\\'.repeat(2000) } } });
    const row = `x,"${event.replace(/"/g, '""')}"`;
    const maxBytes = Buffer.byteLength(row) + 10;
    expect(Buffer.byteLength(JSON.stringify(event))).toBeGreaterThan(maxBytes + 1000);
    expect(await linesOf(`@timestamp,@message\r\n${row}\r\n`, maxBytes)).toStrictEqual(['', event, '']);
    // Past the bound, the row is still said, at its line.
    const [, over] = await linesOf(`@timestamp,@message\r\n${row}\r\n`, maxBytes - 20);
    expect(JSON.parse(over)).toStrictEqual({ 'apisnoop/csv-row': { problem: `CSV row longer than ${maxBytes - 20} bytes (line 2), skipped` } });
  });
});

describe('RFC 4180 rows from pieces', () => {
  /** The rows of a text given in pieces of `size` bytes. */
  const rowsOf = (text: string, size: number, max = MAX_LINE_BYTES): Array<[number, number, string[] | string]> => {
    const out: Array<[number, number, string[] | string]> = [];
    const reader = new CsvRows(44, max, (r) => out.push([r.line, r.last, r.problem ?? r.cells]));
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
    reader.end();
    return out;
  };

  it('quoted cells with separators, doubled quotes, newlines and CRLF; a last row without its newline; cut anywhere, even inside a character', () => {
    const text = 'a,"b,c","d ""e"""\r\n"f\r\ng\nh",é€,\r\n\r\n"",x\r,y\r\nlast,"row"';
    const want: Array<[number, number, string[] | string]> = [
      [1, 1, ['a', 'b,c', 'd "e"']],
      [2, 4, ['f\r\ng\nh', 'é€', '']],
      [5, 5, ['']],
      [6, 6, ['', 'x\r', 'y']],
      [7, 7, ['last', 'row']],
    ];
    for (const size of [1, 2, 3, 5, 7, 1000]) expect(rowsOf(text, size), `pieces of ${size}`).toStrictEqual(want);
  });

  it('a cell full of doubled quotes costs work linear in its length: one copy of its bytes, each newline looked for once', () => {
    // An event's JSON in a cell doubles each of its quotes. A Buffer kept for each run between them, and the next newline
    // looked for from each quote to the piece's end, made a row of 15 MB take 20 s and 1.5 GB (quadratic in its quotes).
    const cell = `"${'""x'.repeat(100_000)}"`;
    const bytes = Buffer.from(`${cell},z\nnext,row\n`);
    const indexOf = Buffer.prototype.indexOf;
    let newlineBytes = 0;
    const searched = vi.spyOn(Buffer.prototype, 'indexOf').mockImplementation(function (this: Buffer, ...args: unknown[]) {
      const at = indexOf.apply(this, args as Parameters<typeof indexOf>);
      if (args[0] === 10) newlineBytes += (at === -1 ? this.length : at + 1) - ((args[1] as number | undefined) ?? 0);
      return at;
    });
    const copied = vi.spyOn(Buffer, 'from');
    const rows: string[][] = [];
    try {
      const reader = new CsvRows(44, MAX_LINE_BYTES, (r) => rows.push(r.cells));
      reader.push(bytes);
      reader.end();
    } finally {
      searched.mockRestore();
    }
    const copies = copied.mock.calls.length;
    copied.mockRestore();
    expect(rows).toStrictEqual([['"x'.repeat(100_000), 'z'], ['next', 'row']]);
    // Each byte looked at for a newline about once, not once per quote before it (about 2e10 bytes).
    expect(newlineBytes).toBeLessThanOrEqual(2 * bytes.length);
    // No Buffer made per run between quotes (100,000 of them).
    expect(copies).toBeLessThan(10);
  });

  // A search for the next quote and a copy of the run before it, for each of an event's quotes, doubled: on 100 MB of
  // events, 10 M calls of the Buffer's (the analysis of a 100 MB CSV took 0.95 s with them, 0.68 s without: the bench's).
  it("a quoted cell's runs between doubled quotes are not each searched for and copied by a call of the Buffer's", () => {
    const cell = `"${'""x'.repeat(100_000)}"`;
    const bytes = Buffer.from(`${cell},z\nnext,row\n`);
    const searched = vi.spyOn(Buffer.prototype, 'indexOf');
    const copied = vi.spyOn(Buffer.prototype, 'copy');
    const rows: string[][] = [];
    let calls: number;
    try {
      const reader = new CsvRows(44, MAX_LINE_BYTES, (r) => rows.push(r.cells));
      for (let i = 0; i < bytes.length; i += 64 << 10) reader.push(bytes.subarray(i, i + (64 << 10)));
      reader.end();
      calls = searched.mock.calls.length + copied.mock.calls.length;
    } finally {
      searched.mockRestore();
      copied.mockRestore();
    }
    expect(rows).toStrictEqual([['"x'.repeat(100_000), 'z'], ['next', 'row']]);
    // A few for each piece and each growth of the cell's buffer, not one for each of its 100,000 quotes.
    expect(calls).toBeLessThan(100);
  });

  it('a row past its bound is read to its end and said, its cells dropped; the next row is read', () => {
    const long = `"${'x'.repeat(50)}\n${'y'.repeat(50)}",z\nnext,row\n`;
    expect(rowsOf(long, 16, 40)).toStrictEqual([
      [1, 2, 'CSV row longer than 40 bytes (lines 1-2), skipped: a quoted cell not closed?'],
      [3, 3, ['next', 'row']],
    ]);
  });
});
