// The late stages of a log's lines counted apart from the engine (JSON.parse of each line, a Set of the auditIDs
// completed): a stage before the final one under an auditID whose request has completed. Every completed auditID is
// remembered, as the assembler does for its window (RECENTLY_COMPLETED and more): callers check that `finals` stays
// below it.

export interface LateCount {
  count: number;
  /** The first late stage: its line (1-based, as the reader numbers them), stage and auditID. */
  first?: { line: number; stage: string; auditID: string };
  /** Final stages read: the completed auditIDs remembered here. */
  finals: number;
}

export function lateStagesOf(lines: string[]): LateCount {
  const completed = new Set<string>();
  const out: LateCount = { count: 0, finals: 0 };
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const o = JSON.parse(text) as { auditID: string; stage?: unknown };
    // Without a stage, or with one not a string, an event is taken as its request's final stage.
    if (typeof o.stage !== 'string' || o.stage === 'ResponseComplete' || o.stage === 'Panic') {
      completed.add(o.auditID);
      out.finals++;
    } else if (completed.has(o.auditID) && out.count++ === 0) out.first = { line: i + 1, stage: o.stage, auditID: o.auditID };
  });
  return out;
}
