// An arc's label cut to the room its arc has, so that what is left still tells it from its siblings': cut at the
// end, "post ClusterR…" was both ClusterRole and ClusterRoleBinding, and the sample's two beta violations both read
// "post Validati…".

/** Where a reader sees a part of a word begin: its start, a capital after a small letter or a digit, a letter after a dot or slash. */
function partStarts(word: string): Set<number> {
  const starts = new Set([0]);
  for (let i = 1; i < word.length; i++) {
    const [before, at] = [word[i - 1]!, word[i]!];
    if ((/[a-z0-9]/.test(before) && /[A-Z]/.test(at)) || (!/[A-Za-z0-9]/.test(before) && /[A-Za-z0-9]/.test(at))) starts.add(i);
  }
  return starts;
}

/**
 * The ways to show `keep` letters of a word with "…" for the rest, best first: its start; else a whole part (or parts)
 * at its end after the "…", the start kept longest; else as much of its start as of its end, two letters each at least
 * ("Clu…ing": one letter told little, "Clust…g").
 */
function wordCuts(word: string, keep: number): Array<{ text: string; aligned: boolean }> {
  const starts = partStarts(word);
  const aligned: Array<{ text: string; head: number }> = [];
  const other: Array<{ text: string; head: number }> = [];
  for (let head = keep; head >= 0; head--) {
    const tail = keep - head;
    const text = `${word.slice(0, head)}…${word.slice(word.length - tail)}`;
    if (tail === 0 || starts.has(word.length - tail)) aligned.push({ text, head });
    else if (head >= 2 && tail >= 2) other.push({ text, head });
  }
  const balance = (c: { head: number }) => Math.abs(2 * c.head - keep);
  // The three most even: more only multiplies the ways of a label cut in several words (cutsInWords).
  other.sort((a, b) => balance(a) - balance(b) || b.head - a.head).splice(3);
  return [...aligned.map((c) => ({ text: c.text, aligned: true })), ...other.map((c) => ({ text: c.text, aligned: false }))];
}

/** How many letters each word keeps (null: whole) for the label to take `room` characters: the longest words cut first, to three letters at most. */
function wordBudgets(words: readonly string[], room: number): Array<number | null> {
  const keeps: Array<number | null> = words.map(() => null);
  let over = words.join(' ').length - room;
  for (const i of words.map((_, i) => i).sort((a, b) => words[b]!.length - words[a]!.length)) {
    if (over <= 0) break;
    const word = words[i]!;
    const keep = Math.max(3, word.length - over - 1);
    if (keep + 1 >= word.length) continue;
    keeps[i] = keep;
    over -= word.length - keep - 1;
  }
  return over <= 0 ? keeps : keeps.map(() => null);
}

/** Every way of choosing one item of each list, the first items' ways first. */
function combinations<T>(lists: readonly T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((chosen) => list.map((item) => [...chosen, item])), [[]]);
}

/** The cuts of a label in its words, best first: each cut word's start kept, else a whole part at its end. */
function cutsInWords(text: string, room: number): string[] {
  const words = text.split(' ');
  const keeps = wordBudgets(words, room);
  if (keeps.every((k) => k === null)) return [];
  const ways = combinations(words.map((word, i) => (keeps[i] === null ? [{ text: word, aligned: true }] : wordCuts(word, keeps[i]!))));
  const unaligned = (way: Array<{ aligned: boolean }>) => way.filter((w) => !w.aligned).length;
  // Stable: among as many parts kept whole, the order wordCuts gives (the most of each start).
  return ways
    .map((way, order) => ({ way, order }))
    .sort((a, b) => unaligned(a.way) - unaligned(b.way) || a.order - b.order)
    .map(({ way }) => way.map((w) => w.text).join(' '));
}

/** The cuts of a label anywhere in it, one "…" for what is left out: its end, else all before a part it ends with. */
function cutsAnywhere(text: string, room: number): string[] {
  const starts = new Set(
    text.split(' ').flatMap((word, i, words) => {
      const at = words.slice(0, i).join(' ').length + (i > 0 ? 1 : 0);
      return [...partStarts(word)].map((s) => at + s);
    }),
  );
  const cuts: string[] = [];
  for (let head = room - 1; head >= 0; head--) {
    const from = text.length - (room - 1 - head);
    if (head === room - 1 || starts.has(from)) cuts.push(`${text.slice(0, head)}…${text.slice(from)}`);
  }
  return cuts;
}

/** Whether `cut` may be read as `text` cut: each "…" standing for something left out. */
function readsAs(cut: string): (text: string) => boolean {
  const pattern = new RegExp(`^${cut.split('…').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]+')}$`);
  return (text) => pattern.test(text);
}

/**
 * A label cut to `room` characters, told from its siblings' labels (whole), or null when no cut that fits does.
 * It is cut in its longest words (the kind first), to three letters each at most: what follows them tells the arc from
 * its siblings ("patch HorizontalPodAut… status · v1" beside "… · v1"). A cut that a sibling's label could have given
 * too keeps a word's last part instead ("post Va…Policy" beside "post V…Binding"); past that, the label is cut
 * anywhere, its end first. Checked against every sibling, shown or not, so no two labels shown read the same.
 */
export function fitLabel(text: string, room: number, siblings: readonly string[] = []): string | null {
  if (text.length <= room) return text;
  for (const cut of [...cutsInWords(text, room), ...cutsAnywhere(text, room)]) {
    if (cut.length > room) continue;
    const reads = readsAs(cut);
    if (!siblings.some(reads)) return cut;
  }
  return null;
}
