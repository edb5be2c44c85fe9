// Deferred stages (StageStub): a RequestReceived or ResponseStarted line is checked but not decoded until a value of
// it is needed. Whatever the stages, their order and their fields, the requests must be exactly those of decoding
// every line (scanEvent + RequestAssembler.add).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DEFERRED, RequestAssembler, type Request } from '../../src/engine/audit.js';
import { scanEvent, scanLine, StageStub, STUB_MAX_BYTES } from '../../src/engine/event-fields.js';

/** The requests of some lines, every line decoded (the reference) or short non-final stages deferred. */
function requests(lines: string[], defer: boolean): Request[] {
  const out: Request[] = [];
  const asm = new RequestAssembler((r) => out.push(r));
  for (const l of lines) {
    const b = Buffer.from(l, 'utf8');
    const ev = defer ? scanLine(b, 0, b.length) : scanEvent(b, 0, b.length);
    if (ev === null) continue;
    if (ev instanceof StageStub) asm.addDeferred(ev);
    else asm.add(ev);
  }
  asm.flush();
  return out;
}

const rr = {
  kind: 'Event',
  apiVersion: 'audit.k8s.io/v1',
  level: 'Metadata',
  auditID: 'a1',
  stage: 'RequestReceived',
  requestURI: '/api/v1/namespaces/default/pods?watch=true',
  verb: 'watch',
  user: { username: 'alice', groups: ['system:authenticated'] },
  userAgent: 'kubectl/v1.36.0',
  objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1' },
  requestReceivedTimestamp: '2026-01-12T09:00:00.000001Z',
  stageTimestamp: '2026-01-12T09:00:00.000002Z',
};
const line = (o: object): string => JSON.stringify(o);

describe('scanLine', () => {
  it('keeps a short non-final stage as a stub that reads again as scanEvent reads the line', () => {
    for (const stage of ['RequestReceived', 'ResponseStarted']) {
      const text = line({ ...rr, stage });
      const b = Buffer.from(text);
      const st = scanLine(b, 0, b.length);
      expect(st).toBeInstanceOf(StageStub);
      const stub = st as StageStub;
      expect([stub.auditID, stub.stage, stub.timestamp]).toEqual(['a1', stage, rr.requestReceivedTimestamp]);
      // The buffer the line came from is reused by the reader: the stub holds its own copy.
      b.fill(0x20);
      expect(stub.event()).toStrictEqual(scanEvent(Buffer.from(text), 0, text.length));
    }
  });

  it('decodes final stages, long lines and unknown stages as scanEvent does, and steps aside where it does', () => {
    const long = line({ ...rr, requestObject: { data: 'x'.repeat(STUB_MAX_BYTES) } });
    for (const text of [line({ ...rr, stage: 'ResponseComplete' }), line({ ...rr, stage: 'Panic' }), line({ ...rr, stage: 'Other' }), line({ ...rr, stage: undefined }), long]) {
      const b = Buffer.from(text);
      const ev = scanLine(b, 0, b.length);
      expect(ev).not.toBeInstanceOf(StageStub);
      expect(ev).toStrictEqual(scanEvent(b, 0, b.length));
    }
    for (const text of [line({ ...rr, auditID: '' }), line({ ...rr, requestURI: undefined, verb: undefined }), line({ ...rr, kind: 'EventList' }), line(rr).slice(0, -1)]) {
      const b = Buffer.from(text);
      expect(scanLine(b, 0, b.length)).toBeNull();
      expect(scanEvent(b, 0, b.length)).toBeNull();
    }
  });

  it('a stage named twice is the last one, and what was read before it is decoded after all', () => {
    // JSON.parse keeps the last of two equal keys: RequestReceived first, then a final stage after the fields.
    const text = `{"auditID":"a1","stage":"RequestReceived","requestURI":"/api/v1/pods","verb":"list","user":{"username":"bob"},"objectRef":{"resource":"pods"},"userAgent":"x","stage":"ResponseComplete"}`;
    const b = Buffer.from(text);
    const ev = scanLine(b, 0, b.length);
    expect(ev).not.toBeInstanceOf(StageStub);
    expect(ev).toStrictEqual(scanEvent(b, 0, b.length));
    expect((ev as Request).user).toEqual({ username: 'bob', groups: undefined });
  });
});

describe('requests from deferred stages are those of decoding every line', () => {
  it('on a watch (RequestReceived, ResponseStarted, ResponseComplete), a request never completed and a late stage', () => {
    const lines = [
      line(rr),
      line({ ...rr, stage: 'ResponseStarted', requestReceivedTimestamp: '2026-01-12T09:00:00.5Z' }),
      line({ ...rr, auditID: 'b2', verb: 'get', requestURI: '/api/v1/nodes' }),
      line({ ...rr, stage: 'ResponseComplete', responseStatus: { code: 200 }, requestReceivedTimestamp: '2026-01-12T09:00:01Z' }),
      line({ ...rr, stage: 'ResponseStarted' }),
    ];
    const got = requests(lines, true);
    expect(got).toStrictEqual(requests(lines, false));
    // The watch keeps the first stage's time, its code from the last; b2 never completed and is still a request.
    expect(got.map((r) => [r.auditID, r.stage, r.timestamp, r.code])).toEqual([
      ['a1', 'ResponseComplete', rr.requestReceivedTimestamp, 200],
      ['b2', 'RequestReceived', rr.requestReceivedTimestamp, undefined],
    ]);
  });

  it('when the final stage lacks a field the first one has, the first one is read for it', () => {
    const final = { ...rr, stage: 'ResponseComplete', userAgent: undefined, objectRef: 'not an object', responseStatus: { code: 201 } };
    const lines = [line(rr), line(final)];
    const got = requests(lines, true);
    expect(got).toStrictEqual(requests(lines, false));
    expect([got[0].userAgent, got[0].objectRef?.resource]).toEqual(['kubectl/v1.36.0', 'pods']);
  });

  it(`past ${MAX_DEFERRED} open requests, new ones are decoded at once, with the same requests`, () => {
    const n = MAX_DEFERRED + 50;
    const id = (k: number): string => `id-${k}`;
    const lines = [
      ...Array.from({ length: n }, (_, k) => line({ ...rr, auditID: id(k) })),
      ...Array.from({ length: n }, (_, k) => line({ ...rr, auditID: id(k), stage: 'ResponseComplete', userAgent: k % 2 ? undefined : 'other', responseStatus: { code: 200 } })),
    ];
    const got = requests(lines, true);
    expect(got.length).toBe(n);
    expect(got).toStrictEqual(requests(lines, false));
  });

  it('on random stages of a few requests: any order, fields present or not, times equal or not (fast-check)', () => {
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    // Mostly there: a line without a verb or requestURI is the reference path's (it says where), never deferred.
    const often = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 50 });
    const ts = fc.constantFrom('2026-01-12T09:00:00Z', '2026-01-12T09:00:01Z', '');
    const event = fc.record({
      auditID: fc.constantFrom('a', 'b', 'c'),
      stage: fc.constantFrom('RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic', 'Other'),
      verb: often(fc.oneof({ arbitrary: fc.constantFrom('get', 'watch'), weight: 10 }, { arbitrary: fc.constant(7), weight: 1 })),
      requestURI: often(fc.constantFrom('/api/v1/pods', '/apis/apps/v1/deployments?watch=1')),
      user: maybe(fc.oneof(fc.record({ username: maybe(fc.constantFrom('alice', 'bob')), groups: maybe(fc.array(fc.constantFrom('g1', 'g2'), { maxLength: 2 })) }), fc.constant([]), fc.constant('x'))),
      // With uid or extra (rare), a line steps aside: the reference path reads them.
      impersonatedUser: maybe(
        fc.oneof(
          { arbitrary: fc.record({ username: fc.constantFrom('carol') }), weight: 5 },
          { arbitrary: fc.record({ username: fc.constantFrom('carol'), uid: fc.constantFrom('1'), extra: fc.constant({ scopes: ['view'] }) }, { requiredKeys: ['username'] }), weight: 1 },
        ),
      ),
      userAgent: maybe(fc.constantFrom('kubectl', 'helm', 3)),
      objectRef: maybe(fc.oneof(fc.record({ resource: fc.constantFrom('pods', 'nodes'), name: maybe(fc.constantFrom('n1', 'n2')) }), fc.constant(null))),
      responseStatus: maybe(fc.record({ code: maybe(fc.constantFrom(200, 404, '500')) })),
      requestReceivedTimestamp: maybe(ts),
      timestamp: maybe(ts),
      annotations: maybe(fc.record({ 'k8s.io/deprecated': maybe(fc.constantFrom('true', 'false')), 'k8s.io/removed-release': maybe(fc.constantFrom('1.38', '')), 'authorization.k8s.io/decision': maybe(fc.constantFrom('allow', 'forbid', '')) })),
      requestObject: maybe(fc.constantFrom({ small: true }, { big: 'y'.repeat(STUB_MAX_BYTES) })),
    });
    let deferred = 0;
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 12 }), (events) => {
        const lines = events.map((e) => line(e));
        for (const l of lines) {
          const b = Buffer.from(l);
          if (scanLine(b, 0, b.length) instanceof StageStub) deferred++;
        }
        expect(requests(lines, true)).toStrictEqual(requests(lines, false));
      }),
      // One seed: the count below (3,250-3,390 in runs of random seeds, above 3,000 asked) shows the property is not
      // vacuous, and is not to draw lots in CI.
      { numRuns: 3000, seed: 41 },
    );
    // Not vacuous: many lines were deferred.
    expect(deferred).toBeGreaterThan(3000);
  });
});
