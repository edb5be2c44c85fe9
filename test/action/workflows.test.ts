// The workflows that run the Action for real (.github/workflows, on GitHub's runners only) and the examples in the
// docs use its inputs and outputs by name: a typo there shows up only on a runner, or in a user's pipeline. Each is
// checked here against action.yml.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { actionYml, repoRoot } from '../fakes/action-harness.js';

interface Step {
  id?: string;
  uses: string;
  with?: Record<string, unknown>;
}

/** The YAML texts: each workflow file, and each ```yaml block of the docs. */
function yamlTexts(): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  const workflows = path.join(repoRoot, '.github/workflows');
  for (const f of readdirSync(workflows).filter((n) => /\.ya?ml$/.test(n))) out.push({ where: `.github/workflows/${f}`, text: readFileSync(path.join(workflows, f), 'utf8') });
  const docs = path.join(repoRoot, 'docs');
  for (const f of readdirSync(docs).filter((n) => n.endsWith('.md'))) {
    const md = readFileSync(path.join(docs, f), 'utf8');
    for (const m of md.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) out.push({ where: `docs/${f}:${md.slice(0, m.index).split('\n').length}`, text: m[1]! });
  }
  return out;
}

/** Every step of this action (uses: ./ or OWNER/apisnoop@...) anywhere in a YAML document. */
function actionSteps(doc: unknown): Step[] {
  const steps: Step[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.uses === 'string' && (o.uses === './' || /(^|\/)apisnoop@/.test(o.uses))) steps.push(o as unknown as Step);
      Object.values(o).forEach(walk);
    }
  };
  walk(doc);
  return steps;
}

describe('workflows and the docs use the Action as action.yml declares it', () => {
  const spec = actionYml();
  const inputs = new Set(Object.keys(spec.inputs));
  const outputs = new Set(Object.keys(spec.outputs));
  const texts = yamlTexts();

  it('finds the e2e workflow and the docs examples', () => {
    expect(texts.map((t) => t.where)).toContain('.github/workflows/e2e.yml');
    expect(texts.filter((t) => t.where.startsWith('docs/action.md')).length).toBeGreaterThanOrEqual(3);
    const e2e = texts.find((t) => t.where === '.github/workflows/e2e.yml')!;
    expect(actionSteps(load(e2e.text)).length).toBeGreaterThanOrEqual(3);
    expect(texts.filter((t) => t.where.startsWith('docs/')).flatMap((t) => actionSteps(load(t.text))).length).toBeGreaterThanOrEqual(5);
  });

  it.each(texts.map((t) => [t.where, t] as const))('%s: every input given is one, every output read is one', (_where, { where, text }) => {
    const doc = load(text);
    const steps = actionSteps(doc);
    for (const step of steps) {
      for (const key of Object.keys(step.with ?? {})) expect(inputs.has(key), `${where}: input "${key}" is not in action.yml`).toBe(true);
    }
    // Outputs read from a step of this action, by its id.
    const ids = new Set(steps.map((s) => s.id).filter((id): id is string => id !== undefined));
    for (const m of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (ids.has(m[1]!)) expect(outputs.has(m[2]!), `${where}: output "${m[2]}" of step ${m[1]} is not in action.yml`).toBe(true);
    }
  });

  it('would see a typo: an input or output action.yml lacks is refused', () => {
    const step = actionSteps(load('steps:\n  - id: a\n    uses: ./\n    with:\n      fail_on: alpha\n'))[0]!;
    expect(Object.keys(step.with!).filter((k) => !inputs.has(k))).toEqual(['fail_on']);
    expect(outputs.has('verdicts')).toBe(false);
  });
});
