// A document of records on one line, damaged inside its list: which list is one of records, and what is read of it.
import { describe, expect, it } from 'vitest';
import { listBeforeDamage } from '../../src/sources/cut-list.js';
import { AUDIT2RBAC_2017, readLines } from '../helpers/fixtures.js';

const lines2017 = readLines(AUDIT2RBAC_2017);

/** The demo log's events as a CloudWatch subscription's record (as Firehose delivers it). */
const cloudWatch = (messages: string[], messageType = 'DATA_MESSAGE') => ({
  messageType,
  owner: '123456789012',
  logGroup: '/aws/eks/demo/cluster',
  logStream: 'kube-apiserver-audit-1',
  subscriptionFilters: ['audit'],
  logEvents: messages.map((message, i) => ({ id: String(i), timestamp: 1505159705000, message })),
});

const line = (text: string): Buffer => Buffer.from(text, 'utf8');

describe('listBeforeDamage', () => {
  it('a CloudWatch document cut in a record: every whole record before the cut, the bytes after them', () => {
    const text = JSON.stringify(cloudWatch(lines2017));
    const kept = text.slice(0, text.indexOf(JSON.stringify(lines2017[300])) + 40);
    const read = listBeforeDamage(line(kept));
    expect(read).toMatchObject({ items: 300, to: kept.length });
    expect((read!.value as { logEvents: unknown[] }).logEvents).toEqual(cloudWatch(lines2017.slice(0, 300)).logEvents);
  });

  it('a list is judged by its first whole items: one of objects that are no records is rejected whatever comes after them, unread', () => {
    // 1,500,000 empty objects (4.5 MB), then a whole CloudWatch document, cut: the document was judged by a whole parse
    // of the list before the damage (millions of objects for 50 MB, 5 GB and a V8 abort), which found it. Past the
    // first 4 MB of the list, it is not read.
    const doc = JSON.stringify(cloudWatch(lines2017.slice(0, 3)));
    expect(listBeforeDamage(line('[' + '{},'.repeat(1_500_000) + doc + ',{"id'))).toBeNull();
    expect(listBeforeDamage(line('[' + '{"a":1},'.repeat(200_000) + '{"a'))).toBeNull();
    // Within them, it is.
    expect(listBeforeDamage(line('[' + '{},'.repeat(200_000) + doc + ',{"id'))).toMatchObject({ items: 200_001 });
    // A few before it (a subscription's control message first): still a list of records.
    const control = JSON.stringify({ ...cloudWatch([]), messageType: 'CONTROL_MESSAGE', logEvents: [{ id: '', timestamp: 1505159705000, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }] });
    const read = listBeforeDamage(line(`[${control},${doc},${doc},{"messageType":"DATA_MES`));
    expect(read).toMatchObject({ items: 3 });
    expect((read!.value as unknown[]).length).toBe(3);
  });

  it('an Azure document whose first records are not audit records (an Event Hub batch of kube-apiserver and kube-audit), cut: every whole record before the cut', () => {
    const apiserver = Array.from({ length: 16 }, (_, i) => ({ time: '2017-09-11T19:55:05Z', category: 'kube-apiserver', properties: { log: `I0911 19:55:05.${i} apiserver log line ${i}`, stream: 'stderr' } }));
    const audit = lines2017.slice(0, 37).map((log) => ({ time: '2017-09-11T19:55:05Z', category: 'kube-audit', properties: { log, stream: 'stdout' } }));
    const text = JSON.stringify({ records: [...apiserver, ...audit] });
    const kept = text.slice(0, -200);
    const read = listBeforeDamage(line(kept));
    expect(read).toMatchObject({ items: 52, ended: false });
    expect((read!.value as { records: unknown[] }).records).toEqual([...apiserver, ...audit.slice(0, 36)]);
  });
});
