// Audit events: validation of real events (v1beta1 2017, v1, APISnoop's pretty-printed ones) and the stage merge
// that counts each request (auditID) once.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECENTLY_COMPLETED } from '../../src/engine/audit-id-table.js';
import { lateStageValue, lateStagesWarning, ManyOpen, newOddFields, oddFields, oddFieldWarnings, repeatedFinalsWarning, mergeStages, RequestAssembler, toAuditEvent, type AuditEvent, type LateStages, type Request } from '../../src/engine/audit.js';
import { scanEvent, scanLine, StageStub } from '../../src/engine/event-fields.js';
import type { Spec } from '../../src/engine/spec.js';
import { analyzeLines, AUDIT2RBAC_2017, AUDIT2RBAC_V1, fixture, loadFixtureSpec, readLines } from '../helpers/fixtures.js';

const lines2017 = readLines(AUDIT2RBAC_2017);
const raw2017 = lines2017.map((l) => JSON.parse(l) as Record<string, unknown>);

let spec113: Spec;
beforeAll(async () => {
  spec113 = await loadFixtureSpec('1.13');
});

function event(raw: unknown): AuditEvent {
  const ev = toAuditEvent(raw);
  if (typeof ev === 'string') throw new Error(ev);
  return ev;
}

describe('toAuditEvent on real events', () => {
  it('reads a v1beta1 event of 2017 (timestamp, impersonation, response code)', () => {
    expect(event(raw2017[0])).toEqual({
      auditID: '033d17af-082d-4b24-aa22-627752e83d71',
      stage: 'ResponseComplete',
      verb: 'list',
      requestURI: '/api/v1/namespaces/default/pods',
      user: { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] },
      impersonatedUser: { username: 'bob', groups: ['system:authenticated'] },
      objectRef: { resource: 'pods', namespace: 'default', apiVersion: 'v1', subresource: undefined, name: undefined, apiGroup: undefined },
      code: 403,
      timestamp: '2017-09-11T19:55:05Z',
    });
  });

  it('reads a v1 event with requestReceivedTimestamp and userAgent (APISnoop testdata, pretty-printed)', () => {
    const raw = JSON.parse(readFileSync(fixture('audit/apisnoop-testdata/audit_event.json'), 'utf8'));
    const ev = event(raw);
    expect(ev.timestamp).toBe('2022-02-03T19:34:21.840719Z');
    expect(ev.userAgent).toBe('node-problem-detector/v0.8.9');
    expect(ev.code).toBe(403);
    expect(ev.user?.username).toBe('system:node-problem-detector');
  });

  it('accepts an event without apiVersion and kind (some webhook backends drop them)', () => {
    const { apiVersion: _a, kind: _k, ...bare } = raw2017[0];
    expect(event(bare).auditID).toBe('033d17af-082d-4b24-aa22-627752e83d71');
  });

  it('reads the apiserver deprecation annotations', () => {
    const ev = event({ ...raw2017[0], annotations: { 'k8s.io/deprecated': 'true', 'k8s.io/removed-release': '1.16' } });
    expect(ev.deprecatedAnnotation).toBe(true);
    expect(ev.removedRelease).toBe('1.16');
  });

  it("reads the authorizer's decision, and an impersonated user's uid and extra (not the authenticated user's)", () => {
    const ev = event({
      ...raw2017[0],
      user: { username: 'deployer', uid: 'u-1', groups: ['system:authenticated'], extra: { 'authentication.kubernetes.io/pod-name': ['p'] } },
      impersonatedUser: { username: 'jane', uid: '1234', groups: ['devs'], extra: { scopes: ['view', 'edit'], bad: 'x' } },
      annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': 'RBAC: allowed by RoleBinding' },
    });
    expect(ev.authzDecision).toBe('allow');
    expect(ev.user).toStrictEqual({ username: 'deployer', groups: ['system:authenticated'] });
    expect(ev.impersonatedUser).toStrictEqual({ username: 'jane', groups: ['devs'], uid: '1234', extra: { scopes: ['view', 'edit'] } });
    expect(event(raw2017[0]).authzDecision).toBeUndefined();
  });

  it.each([
    [[1, 2], 'a JSON array of 2 items, not an audit event: APISnoop reads audit events one per line, an EventList (kind: EventList, items), or a JSON array of events or log records'],
    [[{}], 'a JSON array of 1 item, not an audit event: APISnoop reads audit events one per line, an EventList (kind: EventList, items), or a JSON array of events or log records'],
    ['a string', 'not a JSON object'],
    [null, 'not a JSON object'],
    [{ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x' } }, 'kind is "Pod", not an audit Event'],
    [
      { kind: 'Event', apiVersion: 'v1', involvedObject: {} },
      'apiVersion "v1" is not audit.k8s.io/v1, v1beta1 or v1alpha1: a cluster Event (kubectl get events), not an audit event of the API server',
    ],
    [{ kind: 'Event', apiVersion: 'audit.k8s.io/v2', auditID: 'x', verb: 'get' }, 'apiVersion "audit.k8s.io/v2" is not audit.k8s.io/v1, v1beta1 or v1alpha1'],
    [{ kind: 'Event', apiVersion: 'audit.k8s.io/v1', stage: 'ResponseComplete' }, 'not an audit event: no auditID'],
    [{ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: '', verb: 'get' }, 'not an audit event: no auditID'],
    [{ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: null, verb: 'get' }, 'not an audit event: no auditID'],
    // There, but not a string: said so, not "no auditID" of a line that plainly has one.
    // Its type and size, never its value: a log writer's field can hold anything.
    [{ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: 7, verb: 'get' }, 'not an audit event: auditID is a number, not a string'],
    [{ auditID: true, verb: 'get' }, 'not an audit event: auditID is a boolean, not a string'],
    [{ auditID: { id: 'SECRET' }, verb: 'get' }, 'not an audit event: auditID is an object of 1 key, not a string'],
    [{ auditID: ['SECRET'.repeat(50), 'x'], verb: 'get' }, 'not an audit event: auditID is an array of 2 items, not a string'],
    // A kind or apiVersion not spelt as Kubernetes spells one: its type and size.
    [{ kind: 'password=SECRET', auditID: 'x', verb: 'get' }, 'kind is a text of 15 characters, not an audit Event'],
    [{ kind: ['Pod'], auditID: 'x', verb: 'get' }, 'kind is an array of 1 item, not an audit Event'],
    [{ apiVersion: 'token: SECRET', auditID: 'x', verb: 'get' }, 'apiVersion a text of 13 characters is not audit.k8s.io/v1, v1beta1 or v1alpha1'],
    [{ apiVersion: 3, auditID: 'x', verb: 'get' }, 'apiVersion a number is not audit.k8s.io/v1, v1beta1 or v1alpha1'],
    [{ kind: 'Event', apiVersion: 'apps/v1beta2', auditID: 'x', verb: 'get' }, 'apiVersion "apps/v1beta2" is not audit.k8s.io/v1, v1beta1 or v1alpha1'],
    [{ auditID: 'x' }, 'not an audit event: no requestURI or verb'],
  ])('rejects %j with a message', (raw, message) => {
    expect(toAuditEvent(raw)).toBe(message);
  });

  it('an event line whose auditID is a number is an invalid line that says so, as the reader reads it', () => {
    const event = JSON.parse(readLines(AUDIT2RBAC_V1)[0]) as Record<string, unknown>;
    const report = analyzeLines([JSON.stringify({ ...event, auditID: 7 }), JSON.stringify({ ...event, auditID: undefined })], { spec: spec113 }, 'n.log');
    expect(report.invalid).toEqual([
      { file: 'n.log', line: 1, message: 'not an audit event: auditID is a number, not a string' },
      { file: 'n.log', line: 2, message: 'not an audit event: no auditID' },
    ]);
  });

  it('rejects an OpenAPI spec line and a core/v1 Event (the other "Event" users may feed in by mistake)', () => {
    expect(toAuditEvent({ swagger: '2.0', paths: {} })).toBe('not an audit event: no auditID');
    expect(toAuditEvent({ kind: 'Event', apiVersion: 'events.k8s.io/v1', reason: 'Scheduled' })).toBe(
      'apiVersion "events.k8s.io/v1" is not audit.k8s.io/v1, v1beta1 or v1alpha1: a cluster Event (kubectl get events), not an audit event of the API server',
    );
  });
});

describe('stage merge: each auditID counted once, the most complete event kept', () => {
  it('the 2017 log: 757 events, 437 requests (320 RequestReceived+ResponseComplete pairs, 117 ResponseComplete only)', () => {
    const stages = new Map<string, string[]>();
    for (const r of raw2017) stages.set(r.auditID as string, [...(stages.get(r.auditID as string) ?? []), r.stage as string]);
    const shapes = new Map<string, number>();
    for (const s of stages.values()) shapes.set(s.join('>'), (shapes.get(s.join('>')) ?? 0) + 1);
    expect(Object.fromEntries(shapes)).toEqual({ 'RequestReceived>ResponseComplete': 320, ResponseComplete: 117 });

    const emitted: Request[] = [];
    const asm = new RequestAssembler((r) => emitted.push(r));
    for (const r of raw2017) asm.add(event(r));
    expect(asm.inFlight).toBe(0);
    asm.flush();
    expect(emitted.length).toBe(437);
    expect(new Set(emitted.map((r) => r.auditID)).size).toBe(437);
    expect(emitted.every((r) => r.stage === 'ResponseComplete' && typeof r.code === 'number')).toBe(true);
  });

  it('keeps the later stage fields and the earlier timestamp', () => {
    // Lines 3 and 4 of the 2017 log: RequestReceived then ResponseComplete of one delete.
    const rr = event(raw2017[2]);
    const rc = event(raw2017[3]);
    expect([rr.stage, rc.stage, rr.auditID === rc.auditID]).toEqual(['RequestReceived', 'ResponseComplete', true]);
    expect(rr.code).toBeUndefined();
    const early = { ...rr, timestamp: '2017-09-11T19:57:32Z' };
    for (const merged of [mergeStages(early, rc), mergeStages(rc, early)]) {
      expect(merged.stage).toBe('ResponseComplete');
      expect(merged.code).toBe(rc.code);
      expect(merged.timestamp).toBe('2017-09-11T19:57:32Z');
    }
  });

  it('every event has one shape: all the fields, in one order, whichever path made it and whatever the log held', () => {
    const keys = ['auditID', 'stage', 'verb', 'requestURI', 'user', 'impersonatedUser', 'userAgent', 'objectRef', 'code', 'timestamp', 'deprecatedAnnotation', 'removedRelease', 'authzDecision'];
    const sparse = '{"auditID":"a","stage":"RequestReceived","verb":"get","requestURI":"/api"}';
    const full = lines2017[3];
    for (const text of [sparse, full]) {
      const reference = toAuditEvent(JSON.parse(text)) as AuditEvent;
      const fast = scanEvent(Buffer.from(text), 0, text.length)!;
      expect(Object.keys(reference)).toEqual(keys);
      expect(Object.keys(fast)).toEqual(keys);
      expect(Object.keys(mergeStages(reference, fast))).toEqual(keys);
    }
    expect(Object.keys(mergeStages({ auditID: 'a', stage: 'RequestReceived' }, { auditID: 'a', stage: 'ResponseComplete', code: 200 }))).toEqual(keys);
  });

  it('merges every field by the generic rule: the later stage where it has the field, else the earlier; the earliest timestamp', () => {
    // The rule as first written (a spread of the earlier stage, then every defined field of the later one).
    const generic = (a: AuditEvent, b: AuditEvent): AuditEvent => {
      const rank: Record<string, number> = { RequestReceived: 0, ResponseStarted: 1, ResponseComplete: 2, Panic: 2 };
      const [early, late] = (rank[a.stage] ?? 2) <= (rank[b.stage] ?? 2) ? [a, b] : [b, a];
      const out = { ...early } as Record<string, unknown>;
      for (const [k, v] of Object.entries(late)) if (v !== undefined) out[k] = v;
      if (early.timestamp) out.timestamp = early.timestamp;
      // Every event has all the fields, undefined where absent (one hidden class): a field added to AuditEvent and
      // not here fails to compile.
      const none: Record<keyof AuditEvent, undefined> = {
        auditID: undefined,
        stage: undefined,
        verb: undefined,
        requestURI: undefined,
        user: undefined,
        impersonatedUser: undefined,
        userAgent: undefined,
        objectRef: undefined,
        code: undefined,
        timestamp: undefined,
        deprecatedAnnotation: undefined,
        removedRelease: undefined,
        authzDecision: undefined,
      };
      return { ...none, ...out } as unknown as AuditEvent;
    };
    const text = fc.string({ minLength: 1, maxLength: 4 });
    const user = fc.record({ username: fc.option(text, { nil: undefined }), groups: fc.option(fc.array(text), { nil: undefined }) });
    // Every field of AuditEvent, each present or not: a field added to AuditEvent and not to this record fails to
    // compile.
    const optional: { [K in Exclude<keyof AuditEvent, 'auditID' | 'stage' | 'verb' | 'requestURI'>]-?: fc.Arbitrary<NonNullable<AuditEvent[K]>> } = {
      user,
      impersonatedUser: user,
      userAgent: text,
      objectRef: fc.record({ resource: text, namespace: fc.option(text, { nil: undefined }) }),
      code: fc.integer({ min: 100, max: 599 }),
      timestamp: text,
      deprecatedAnnotation: fc.constant(true),
      removedRelease: text,
      authzDecision: fc.constantFrom('allow', 'forbid'),
    };
    const ev = fc.record(
      {
        auditID: fc.constant('id'),
        stage: fc.constantFrom('RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic', 'Other'),
        verb: fc.option(text, { nil: undefined }),
        requestURI: fc.option(text, { nil: undefined }),
        ...optional,
      },
      { requiredKeys: ['auditID', 'stage', 'verb', 'requestURI'] },
    ) as fc.Arbitrary<AuditEvent>;
    fc.assert(
      fc.property(ev, ev, (a, b) => {
        expect(mergeStages(a, b)).toStrictEqual(generic(a, b));
      }),
      { numRuns: 2000 },
    );
  });

  it('a request with only RequestReceived (its ResponseComplete lost) is still counted, code unknown', () => {
    const rc = raw2017[3];
    const without = lines2017.filter((_, i) => i !== 3);
    const r = analyzeLines(without, { spec: spec113 });
    expect(r.summary.events).toBe(756);
    expect(r.summary.requests).toBe(437);
    const del = r.operations.find((o) => o.operationId === 'deleteRbacAuthorizationV1NamespacedRole')!;
    expect([rc.verb, (rc.responseStatus as { code: number }).code]).toEqual(['delete', 404]);
    // 30 deletes of namespaced roles: 28 answered 200, 2 answered 404; the 404 of line 4 is now unknown.
    expect(del.hits).toBe(30);
    expect(del.codes).toEqual({ '200': 28, '404': 1, unknown: 1 });
  });

  it('a stage logged after the final one does not count the request again (reordered logs)', () => {
    // Reverse the whole 2017 log: every ResponseComplete now comes before its RequestReceived.
    const r = analyzeLines([...lines2017].reverse(), { spec: spec113 });
    expect(r.summary.events).toBe(757);
    expect(r.summary.requests).toBe(437);
    expect(r.summary.matched + r.summary.unmatched).toBe(437);
    // The codes are the ResponseComplete ones, as in file order.
    const forward = analyzeLines(lines2017, { spec: spec113 });
    expect(r.operations.map((o) => [o.operationId, o.hits, o.codes])).toEqual(forward.operations.map((o) => [o.operationId, o.hits, o.codes]));
  });

  it('a stage named like an Object property ("constructor") ranks as any unknown stage: after RequestReceived', () => {
    const rr = { auditID: 'a', stage: 'RequestReceived', verb: 'get', requestURI: '/api/v1/pods' } as AuditEvent;
    for (const stage of ['constructor', 'toString', 'Other']) {
      const odd = { auditID: 'a', stage, verb: 'list' } as AuditEvent;
      for (const [a, b] of [
        [rr, odd],
        [odd, rr],
      ]) {
        const m = mergeStages(a, b);
        expect([m.stage, m.verb, m.requestURI]).toEqual([stage, 'list', '/api/v1/pods']);
      }
    }
  });

  it('Panic is a final stage', () => {
    const emitted: Request[] = [];
    const asm = new RequestAssembler((r) => emitted.push(r));
    asm.add(event(raw2017[2]));
    asm.add(event({ ...raw2017[3], stage: 'Panic' }));
    expect(emitted.map((r) => r.stage)).toEqual(['Panic']);
    expect(asm.inFlight).toBe(0);
  });

  it(`remembers the last ${RECENTLY_COMPLETED} completed auditIDs at least and forgets those ${2 * RECENTLY_COMPLETED} back`, () => {
    const W = RECENTLY_COMPLETED;
    const emitted: Request[] = [];
    const asm = new RequestAssembler((r) => emitted.push(r));
    const late: Record<string, number> = {};
    // Requests c0, c1, ... complete one after the other; every 997th, late stages of requests completed W - 1, W,
    // 2W - 1 and 2W requests earlier arrive. Whether such a late stage is recognised depends on where the
    // generations turned, except at the two bounds.
    for (let i = 0; i < 3 * W + 10; i++) {
      asm.add({ auditID: `c${i}`, stage: 'ResponseComplete', verb: 'get', requestURI: '/api/v1/pods' });
      if (i % 997 === 0) {
        for (const back of [W - 1, 2 * W]) {
          if (back > i) continue;
          asm.add({ auditID: `c${i - back}`, stage: 'ResponseStarted', verb: 'get', requestURI: `/late/${back}` });
          late[back] = (late[back] ?? 0) + 1;
        }
      }
    }
    expect(asm.inFlight).toBe(late[2 * W]);
    asm.flush();
    const seen = (uri: string): number => emitted.filter((r) => r.requestURI === uri).length;
    // Within W: always recognised (dropped). 2W back: always forgotten (a request of its own, emitted at flush).
    expect(late[W - 1]).toBeGreaterThan(150);
    expect(seen(`/late/${W - 1}`)).toBe(0);
    expect(late[2 * W]).toBeGreaterThan(50);
    expect(seen(`/late/${2 * W}`)).toBe(late[2 * W]);
    expect(asm.inFlight).toBe(0);
  });

  it('tells once, when as many requests as it was asked are in flight at the same time (stubs count too)', () => {
    const told: number[] = [];
    const asm = new RequestAssembler(() => {}, new ManyOpen(3, (n) => told.push(n)));
    const stage = (auditID: string, stage: string): AuditEvent => ({ auditID, stage, verb: 'get', requestURI: '/api/v1/pods' });
    asm.add(stage('a', 'RequestReceived'));
    asm.add(stage('b', 'RequestReceived'));
    asm.add(stage('a', 'ResponseStarted')); // a second stage of an open request opens nothing
    asm.add(stage('a', 'ResponseComplete'));
    asm.add(stage('c', 'ResponseComplete')); // complete at once: never in flight
    asm.add(stage('d', 'RequestReceived'));
    expect([asm.inFlight, told]).toEqual([2, []]);
    const line = Buffer.from(JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: 'e', stage: 'RequestReceived', verb: 'get', requestURI: '/api/v1/pods' }));
    const stub = scanLine(line, 0, line.length);
    if (!(stub instanceof StageStub)) throw new Error('expected a deferred stage');
    asm.addDeferred(stub);
    expect([asm.inFlight, told]).toEqual([3, [3]]);
    // Down and up to 3 again: told once.
    asm.add(stage('b', 'ResponseComplete'));
    asm.add(stage('f', 'RequestReceived'));
    expect([asm.inFlight, told]).toEqual([3, [3]]);
  });

  it('holds at most as many requests in flight as ManyOpen says: past it the oldest is counted early, its later stages dropped', () => {
    const emitted: Request[] = [];
    const asm = new RequestAssembler((r) => emitted.push(r), new ManyOpen(3, () => {}));
    const stage = (auditID: string, stage: string, code?: number): AuditEvent => ({ auditID, stage, verb: 'get', requestURI: `/api/v1/pods/${auditID}`, code });
    const counted = (): string[] => emitted.map((r) => `${r.auditID} ${r.stage} ${r.code ?? '-'}`);
    asm.add(stage('a', 'RequestReceived'));
    asm.add(stage('a', 'ResponseStarted', 200)); // a watch: its code comes with ResponseStarted
    asm.add(stage('b', 'RequestReceived'));
    asm.add(stage('c', 'RequestReceived'));
    asm.add(stage('b', 'ResponseComplete', 201));
    asm.add(stage('d', 'RequestReceived'));
    expect([asm.inFlight, counted()]).toEqual([3, ['b ResponseComplete 201']]);
    // e is the fourth in flight: a, opened first, is counted as it is (its stages so far merged).
    asm.add(stage('e', 'RequestReceived'));
    expect([asm.inFlight, counted()]).toEqual([3, ['b ResponseComplete 201', 'a ResponseStarted 200']]);
    // A's final stage, and any other late stage of it, is dropped: a counted once. B's final stage given again is
    // still a request of its own, as before.
    asm.add(stage('a', 'ResponseComplete', 200));
    asm.add(stage('a', 'ResponseStarted', 200));
    asm.add(stage('b', 'ResponseComplete', 201));
    expect([asm.inFlight, counted().slice(2)]).toEqual([3, ['b ResponseComplete 201']]);
    // A final stage of a after its own: a request of its own, as without the limit.
    asm.add(stage('a', 'ResponseComplete', 404));
    expect(counted().slice(3)).toEqual(['a ResponseComplete 404']);
    // c, d, e in flight; f, a stub, counts like any other: c, the oldest, is counted early.
    const line = Buffer.from(JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: 'f', stage: 'RequestReceived', verb: 'get', requestURI: '/api/v1/pods/f' }));
    const stub = scanLine(line, 0, line.length);
    if (!(stub instanceof StageStub)) throw new Error('expected a deferred stage');
    asm.addDeferred(stub);
    asm.add(stage('d', 'ResponseComplete', 200));
    asm.add(stage('g', 'RequestReceived')); // e, f, g: three, none counted early
    expect([asm.inFlight, counted().slice(4)]).toEqual([3, ['c RequestReceived -', 'd ResponseComplete 200']]);
    asm.flush();
    expect(counted().slice(6)).toEqual(['e RequestReceived -', 'f RequestReceived -', 'g RequestReceived -']);
  });

  it('tallies each stage before the final one that comes after its request completed, decoded or deferred, named at the first; not those of a request counted early', () => {
    const emitted: Request[] = [];
    const at = { file: 'audit.log', line: 0 };
    const late: LateStages = { count: 0, at };
    const asm = new RequestAssembler((r) => emitted.push(r), new ManyOpen(2, () => {}), undefined, late);
    const add = (auditID: string, stage: string): void => {
      at.line++;
      asm.add({ auditID, stage, verb: 'get', requestURI: `/api/v1/pods/${auditID}` });
    };
    add('a', 'RequestReceived');
    add('a', 'ResponseComplete');
    add('a', 'ResponseStarted'); // line 3: late
    const line = Buffer.from(JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID: 'a', stage: 'RequestReceived', verb: 'get', requestURI: '/api/v1/pods/a' }));
    const stub = scanLine(line, 0, line.length);
    if (!(stub instanceof StageStub)) throw new Error('expected a deferred stage');
    at.line++;
    asm.addDeferred(stub); // line 4: late, not decoded
    add('a', 'Recieved'); // line 5: late, a stage not known
    // An auditID no API server made (not a UUID) is said by its length.
    expect(late).toEqual({ count: 3, at, first: { file: 'audit.log', line: 3, value: 'ResponseStarted of an auditID of 1 character, not a UUID (not quoted)' } });
    // b, c, d in flight, past the limit of 2: b is counted early. Its later stages are dropped as the limit's
    // warning says, not tallied here; once its final stage has come, a stage after it is late as any.
    add('b', 'RequestReceived');
    add('c', 'RequestReceived');
    add('d', 'RequestReceived');
    add('b', 'ResponseStarted');
    add('b', 'ResponseComplete');
    expect(late.count).toBe(3);
    add('b', 'ResponseStarted');
    expect(late.count).toBe(4);
    // Nothing late is counted: a once, at its final stage; b once, early.
    expect(emitted.map((r) => `${r.auditID} ${r.stage}`)).toEqual(['a ResponseComplete', 'b RequestReceived']);
  });

  it('says the late stages once: where the first came, which it was, how many, and that the counts are as they were', () => {
    const first = { file: 'audit.log', line: 135, value: 'ResponseStarted of auditID "b9cb0a44"' };
    expect(lateStagesWarning({ count: 1, first })).toBe(
      'audit.log:135: a stage came after its request had completed (ResponseStarted of auditID "b9cb0a44"): it adds nothing to its request, already counted at its final stage (out-of-order logs hold such stages)',
    );
    expect(lateStagesWarning({ count: 1234, first })).toBe(
      'audit.log:135: a stage came after its request had completed (ResponseStarted of auditID "b9cb0a44"); so did 1,233 more, 1,234 in all: each adds nothing to its request, already counted at its final stage (out-of-order logs hold such stages)',
    );
  });

  it("names an auditID an API server made (a UUID) and a known stage; any other value by its type and length, with its file and line", () => {
    const uuid = (JSON.parse(readLines(AUDIT2RBAC_V1)[0]) as { auditID: string }).auditID;
    expect(lateStageValue('ResponseStarted', uuid)).toBe(`ResponseStarted of auditID "${uuid}"`);
    expect(lateStageValue('Recieved', `${uuid}-SECRET`)).toBe('a stage not known of an auditID of 43 characters, not a UUID (not quoted)');
    const first = (value: string) => ({ file: 'audit.log', line: 9, value });
    expect(repeatedFinalsWarning({ count: 1, first: first(uuid) }, 1)).toContain(`audit.log:9: a request came again under an auditID already counted, "${uuid}" (a final stage given twice)`);
    expect(repeatedFinalsWarning({ count: 1, first: first('SECRET') }, 1)).toContain(
      'audit.log:9: a request came again under an auditID already counted, one of 6 characters, not a UUID (not quoted) (a final stage given twice)',
    );
    const odd = newOddFields();
    oddFields(odd, 'audit.log', 3, { stage: 'SECRET-stage', verb: { token: 'SECRET' }, requestURI: ['SECRET'] });
    oddFields(odd, 'audit.log', 4, { stage: 7, verb: 'get', requestURI: '/api' });
    const said = oddFieldWarnings(odd);
    expect(said.join('\n')).not.toContain('SECRET');
    expect(said).toEqual([
      "audit.log:4: stage is a number, not a string: the event is taken as its request's final stage (ResponseComplete)",
      'audit.log:3: a stage of 12 characters (not quoted): none of RequestReceived, ResponseStarted, ResponseComplete, Panic: the event is taken as a stage before the final one, its request counted when its final stage comes or the input ends',
      'audit.log:3: verb is an object of 1 key, not a string: the event counts, and its request, unless another of its stages has a verb, is unmatched (verb (none))',
      'audit.log:3: requestURI is an array of 1 item, not a string: the event counts, and its request, unless another of its stages has a requestURI, is unmatched (malformed-uri, pattern (none))',
    ]);
  });

  it('without a ManyOpen, holds every request in flight to the end', () => {
    const emitted: Request[] = [];
    const asm = new RequestAssembler((r) => emitted.push(r));
    for (let i = 0; i < 1000; i++) asm.add({ auditID: `r${i}`, stage: 'RequestReceived', verb: 'get', requestURI: '/api/v1/pods' });
    expect([asm.inFlight, emitted.length]).toEqual([1000, 0]);
  });

  it('the v1 demo log (same auditIDs, apiVersion rewritten) reads as 37 ResponseComplete requests', () => {
    const r = analyzeLines(readLines(AUDIT2RBAC_V1), { spec: spec113 });
    expect([r.summary.events, r.summary.requests, r.summary.matched]).toEqual([37, 37, 37]);
  });
});
