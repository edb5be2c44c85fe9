// The CLI's old generation may grow to 1.5 times what was alive after its last full garbage collection. V8 lets
// it grow up to fourfold on a small heap, which costs nothing while little survives into it, as on a log whose
// requests complete. Where requests are held until the limit on requests in flight (a log without final stages),
// each is promoted and then dies there: on 1 GB of RequestReceived lines, peak RSS went from 370 MB to 290 MB,
// in the same time; other logs kept their RSS and speed (docs/performance.md).
// V8 reads the factor at each full collection, so setting it after start-up takes. Given on the command line or in
// NODE_OPTIONS, --heap-growing-percent is left to decide.
import v8 from 'node:v8';

/** The old generation grows to (1 + this / 100) times the live heap before the next full collection. */
export const OLD_GENERATION_GROWING_PERCENT = 50;

export function limitOldGenerationGrowth(percent = OLD_GENERATION_GROWING_PERCENT): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('--heap-growing-percent'));
  if (!given) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
