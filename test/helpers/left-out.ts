// What a selection of none left out (LeftOut) as plain maps of sure counts, to compare with a tally made by hand.
import { mostFrequent, type HeavyHitters } from '../../src/engine/heavy-hitters.js';
import type { LeftOut } from '../../src/engine/select.js';

/** Key -> count; a count the tally is not sure of is refused (the logs these compare are below its bounds). */
export function countsOf(t: HeavyHitters): Map<string, number> {
  const counted = mostFrequent(t);
  if (counted.some((c) => c.atLeast) || t.more) throw new Error('the tally is not exact');
  return new Map(counted.map((c) => [c.key, c.n]));
}

export const leftOutMaps = (l: LeftOut) => ({
  users: countsOf(l.users),
  userAgents: countsOf(l.userAgents),
  namespaces: countsOf(l.namespaces),
  excluded: countsOf(l.excluded),
  system: l.system,
});
