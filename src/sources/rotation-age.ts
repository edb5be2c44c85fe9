// How old a rotated log is by its name, beside the logs of its base: logrotate's audit.log, audit.log.1,
// audit.log.2.gz (the highest number the oldest) and lumberjack's (the kube-apiserver's own rotation)
// audit-2026-12-01T10-00-00.000.log beside audit.log (the time in the name, the older the earlier). Read by
// oldest-first.ts where first events' times do not tell: v1beta1's times are whole seconds, so a rotation point ties.
import path from 'node:path';
import { COMPRESSED_SUFFIX } from './compression.js';

/** logrotate's: BASE.N. */
const LOGROTATE = /^(.+)\.(\d+)$/;
/** lumberjack's backup of NAME.EXT: NAME-2026-12-01T10-00-00.000.EXT (group 2: the time). */
const LUMBERJACK = /^(.+)-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2}\.\d{3})(\.[^.]+)?$/;
/** Past any time in a lumberjack name (ms since the epoch): its age counts down from here. */
const LATEST = 8.64e15;

export interface NameAge {
  /** The live log's path this one was rotated from (its own path when the name is no rotated one). */
  base: string;
  /** 0 for the live log; larger for older ones of the same base. */
  age: number;
}

/** A log's base and age by its name (a compression suffix aside). */
export function nameAge(file: string): NameAge {
  const dir = path.dirname(file);
  const name = path.basename(file).replace(COMPRESSED_SUFFIX, '');
  const lj = LUMBERJACK.exec(name);
  const at = lj === null ? NaN : Date.parse(`${lj[2]}T${lj[3]}:${lj[4]}:${lj[5]}Z`);
  if (lj !== null && !Number.isNaN(at)) return { base: path.join(dir, `${lj[1]}${lj[6] ?? ''}`), age: LATEST - at };
  const lr = LOGROTATE.exec(name);
  if (lr !== null) return { base: path.join(dir, lr[1]!), age: Number(lr[2]) };
  return { base: path.join(dir, name), age: 0 };
}
