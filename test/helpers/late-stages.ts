// The late stages of a log's lines counted apart from the engine (JSON.parse of each line, a Set of the auditIDs
// completed): a stage before the final one under an auditID whose request has completed. Every completed auditID is
// remembered, as the assembler does for its window (RECENTLY_COMPLETED and more): callers check that `finals` stays
// below it.
import { writeFileSync } from 'node:fs';
import { HKERMA_CSV } from './fixtures.js';
import { convertHkermaCsv } from './hkerma.js';

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

/**
 * The warning analyze and rbac give of two or more late stages read from `file` (one thread, two, deferred: the
 * same), spelled here apart from lateStagesWarning so that a test of it does not take its text from the code.
 */
export const lateStagesSaid = (file: string, late: LateCount): string =>
  `${file}:${late.first!.line}: a stage came after its request had completed (${late.first!.stage} of auditID "${late.first!.auditID}"); ` +
  `so did ${late.count - 1} more, ${late.count} in all: each adds nothing to its request, already counted at its final stage (out-of-order logs hold such stages)`;

/** The hkerma events (real out-of-order stages) written as a log at `file`, and their late stages counted here. */
export function hkermaLog(file: string): LateCount {
  const lines = convertHkermaCsv(HKERMA_CSV).lines;
  writeFileSync(file, lines.join('\n') + '\n');
  return lateStagesOf(lines);
}
