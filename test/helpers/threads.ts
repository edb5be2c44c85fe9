// One log read twice: by an Analysis on this thread, and by another through one worker over byte ranges (--jobs 2's
// reading), so that a test compares the two reports of whatever it caps or counts.
import { Analysis, type AnalysisOptions } from '../../src/engine/analysis.js';
import type { Report } from '../../src/engine/report.js';
import type { Spec } from '../../src/engine/spec.js';
import { readAuditInput } from '../../src/sources/audit-files.js';
import { analyzeInParallel, type ParallelOutcome } from '../../src/sources/parallel.js';

export async function oneAndTwoThreads(
  file: string,
  options: () => AnalysisOptions,
  spec: Spec,
  rangeBytes: number,
): Promise<{ sequential: Report; parallel: Report; outcome: ParallelOutcome }> {
  const seq = new Analysis(options());
  seq.input(file);
  await readAuditInput(file, { value: (raw, f, line) => seq.value(raw, f, line), invalidLine: (f, line, m) => seq.invalidLine(f, line, m), event: (ev) => seq.event(ev) });
  const par = new Analysis(options());
  const outcome = await analyzeInParallel({ files: [file], workers: 1, fast: true, analysis: par, spec, rangeBytes, awaitWorkers: true });
  return { sequential: seq.finish(), parallel: par.finish(), outcome };
}
