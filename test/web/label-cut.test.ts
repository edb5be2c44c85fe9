// Arc labels cut to their arc's room still tell the arc from its siblings.
import { describe, expect, it } from 'vitest';
import { fitLabel } from '../../src/web/page/label-cut.js';
import { buildTree, type SunDatum } from '../../src/web/page/sunburst.js';
import { coverageEndpoints, reportFrom } from './fixtures.js';

/** Each arc's siblings' labels, as the sunburst of a whole release (1.36's 1,051 endpoints) labels them. */
function siblingSets(ring: 'group' | 'category'): string[][] {
  const tree = buildTree(reportFrom(coverageEndpoints()).operations, ring, 'release');
  const sets: string[][] = [];
  const walk = (d: SunDatum) => {
    if (d.children && d.kind !== 'root') sets.push(d.children.map((c) => c.label ?? c.name));
    d.children?.forEach(walk);
  };
  walk(tree);
  return sets;
}

describe('fitLabel', () => {
  it('keeps what tells siblings apart: the end of a word where its start is theirs too', () => {
    const rbac = ['post ClusterRole', 'post ClusterRoleBinding', 'post Role', 'post RoleBinding'];
    const cut = (text: string, room: number) => fitLabel(text, room, rbac.filter((l) => l !== text));
    // Cut at the end, both were "post ClusterR…".
    expect([cut('post ClusterRole', 14), cut('post ClusterRoleBinding', 14)]).toEqual(['post Clus…Role', 'post C…Binding']);
    // Where the start tells it apart, it is kept.
    expect(cut('post RoleBinding', 14)).toBe('post RoleBind…');
    expect(cut('post ClusterRoleBinding', 30)).toBe('post ClusterRoleBinding');
    const admission = ['post ValidatingAdmissionPolicy', 'post ValidatingAdmissionPolicyBinding'];
    expect([fitLabel(admission[0]!, 14, [admission[1]!]), fitLabel(admission[1]!, 14, [admission[0]!])]).toEqual(['post Va…Policy', 'post V…Binding']);
    // No cut that fits tells them apart: none, rather than one a sibling shows too.
    expect(cut('post ClusterRole', 4)).toBeNull();
    // Alone, a label is cut in its longest word as before.
    expect(fitLabel('patch HorizontalPodAutoscaler status · v1', 35)).toBe('patch HorizontalPodAut… status · v1');
  });

  it("no two labels of an arc's siblings read the same, cut to any room, in every ring of a whole release", () => {
    let cutCount = 0;
    for (const ring of ['group', 'category'] as const) {
      for (const labels of siblingSets(ring)) {
        const seen = new Map<string, string>();
        for (const text of labels) {
          const others = labels.filter((l) => l !== text);
          for (let room = 3; room <= text.length; room++) {
            const cut = fitLabel(text, room, others);
            if (cut === null) continue;
            expect(cut.length, cut).toBeLessThanOrEqual(room);
            if (cut !== text) cutCount++;
            expect(seen.get(cut) ?? text, `${cut}: ${text} and ${seen.get(cut)}`).toBe(text);
            seen.set(cut, text);
          }
        }
      }
    }
    expect(cutCount).toBeGreaterThan(10_000);
  });
});
