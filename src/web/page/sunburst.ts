// The zoomable sunburst: level -> group (or category) -> operation. Operations conformance tests do not
// cover are grey. Click (or Enter) on an arc zooms into it, the centre zooms back out; hover or focus
// tells what an arc is.
import { arc, hierarchy, interpolate, partition, select, transition } from 'd3';
import type { HierarchyRectangularNode } from 'd3';
import { LEVELS, type Level, type OperationUsage } from '../../engine/report.js';
import { arcLabels, callers, counted, groupLabel, moreCallers } from './format.js';
import { uid } from './dom.js';
import { fitLabel } from './label-cut.js';

export type Ring = 'group' | 'category';
export type Sizing = 'endpoints' | 'hits';

export interface SunDatum {
  name: string;
  kind: 'root' | 'level' | 'group' | 'operation';
  level?: Level;
  op?: OperationUsage;
  /** An operation's arc label (arcLabels): told apart from its siblings'. */
  label?: string;
  children?: SunDatum[];
}

interface Geometry {
  x0: number;
  x1: number;
  r0: number;
  r1: number;
}

type SunNode = HierarchyRectangularNode<SunDatum> & { current: Geometry; target: Geometry };

export interface SunburstOptions {
  operations: readonly OperationUsage[];
  ring: Ring;
  size: Sizing;
  title: string;
  /** The zoomed node, from the root down, and the operations under it. */
  onFocus(trail: SunDatum[], operationIds: Set<string>): void;
  /** What the details show: the arc pointed at or focused, else the zoomed node (the root when not zoomed). */
  onHover(datum: SunDatum): void;
}

export interface Sunburst {
  element: HTMLElement;
  /** Zoom to the node named by the trail of names below the root ([] = everything). */
  zoomTo(trail: string[]): void;
}

/** level -> group/category -> operation, levels in stable, beta, alpha order. */
export function buildTree(ops: readonly OperationUsage[], ring: Ring, title: string): SunDatum {
  const root: SunDatum = { name: title, kind: 'root', children: [] };
  for (const level of LEVELS) {
    const atLevel = ops.filter((op) => op.level === level);
    if (atLevel.length === 0) continue;
    const groups = new Map<string, OperationUsage[]>();
    for (const op of atLevel) {
      const name = ring === 'group' ? groupLabel(op.group) : op.category;
      groups.set(name, [...(groups.get(name) ?? []), op]);
    }
    root.children!.push({
      name: level,
      kind: 'level',
      level,
      children: [...groups].map(([name, members]) => {
        const labels = arcLabels(members);
        return { name, kind: 'group', level, children: members.map((op, i) => ({ name: op.operationId, kind: 'operation', level, op, label: labels[i] })) };
      }),
    });
  }
  return root;
}

const SIZE = 640;
const RADIUS = SIZE / 2 - 6;
const HOLE = RADIUS * 0.26;
/** The most the hole grows to on a narrow screen, with the words in it (measure), leaving the rings half the radius. */
const MAX_HOLE = RADIUS * 0.5;
/** Relative ring widths by depth: a slim level ring, a wider operation ring for its labels. */
const RING_WEIGHT = [0, 0.62, 1, 1.35];
const MAX_DEPTH = 3;
const TAU = 2 * Math.PI;
/** The centre title's width: the hole's chord at the top of its letters (16 px, baseline 12 above the middle), less a margin. */
const TITLE_ROOM = 2 * (Math.sqrt((HOLE - 3) ** 2 - 24 ** 2) - 6);

/**
 * edges[d] = inner radius of depth d when zoomed at focusDepth; depths at or above the focus collapse into the hole.
 * The level ring, when shown, is at least `levelMin` thick: on a phone (320 px) its share was 13 px, too thin for a
 * line of text, and stable, beta and alpha went unnamed; the outer rings give it what it lacks.
 */
function ringEdges(focusDepth: number, hole: number, levelMin = 0): number[] {
  const weights = RING_WEIGHT.map((w, d) => (d > focusDepth ? w : 0));
  const total = weights.reduce((a, b) => a + b, 0) || 1;
  const span = RADIUS - hole;
  const level = focusDepth === 0 ? (span * weights[1]!) / total : 0;
  // Half the rings at most, however narrow the chart is drawn: the others keep room to be seen.
  const least = Math.min(levelMin, span / 2);
  if (level > 0 && level < least) {
    const rest = total - weights[1]!;
    weights[1] = (rest * least) / (span - least);
  }
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const edges: number[] = [];
  let acc = 0;
  for (let d = 0; d <= MAX_DEPTH + 1; d++) {
    edges.push(hole + (span * acc) / sum);
    acc += weights[d] ?? 0;
  }
  return edges;
}

function targetOf(d: SunNode, focus: SunNode, hole: number, levelMin = 0): Geometry {
  const span = focus.x1 - focus.x0 || 1;
  const clamp = (x: number) => Math.max(0, Math.min(1, (x - focus.x0) / span)) * TAU;
  const edges = ringEdges(focus.depth, hole, levelMin);
  const shown = d.depth > focus.depth;
  return {
    x0: clamp(d.x0),
    x1: clamp(d.x1),
    r0: shown ? edges[d.depth] : hole,
    r1: shown ? edges[d.depth + 1] : hole,
  };
}

/**
 * An arc narrower than this at its inner edge (viewBox units) goes without the gap and outline that part it from its
 * neighbours: on a ring of a thousand endpoints they were wider than the arcs, and the ring was blank.
 */
const THIN = 4;

function isThin(g: Geometry): boolean {
  return (g.x1 - g.x0) * g.r0 < THIN;
}

/** A level's name where its arc has no room for it: Kubernetes' own short words for them (the legend says which is which). */
export const LEVEL_SHORT: Record<Level, string> = { stable: 'GA', beta: 'β', alpha: 'α' };

/** A label character's mean advance in pixels (page.css: a level's is bold, 12 px and spaced), an estimate paintLabels checks. */
const CHAR_PX: Record<SunDatum['kind'], number> = { root: 6.4, level: 8, group: 6.4, operation: 6.4 };
/** The ring's thickness a label along its arc needs: the letters of 12 px and their halo. */
const LINE_PX = 14;

/** The angle a label along an arc may take: the whole arc, to a half turn (the middle of a ring of one arc). */
function alongSpan(g: Geometry): number {
  return Math.min(g.x1 - g.x0, Math.PI);
}

/**
 * The middle circle of an arc, over alongSpan about its middle, drawn clockwise in the upper half of the chart and
 * the other way in the lower half: a label along it stands upright wherever it is.
 */
function alongPath(g: Geometry): string {
  const mid = (g.x0 + g.x1) / 2;
  const half = alongSpan(g) / 2;
  const r = (g.r0 + g.r1) / 2;
  const at = (a: number) => `${(r * Math.sin(a)).toFixed(2)},${(-r * Math.cos(a)).toFixed(2)}`;
  return Math.cos(mid) < 0 ? `M${at(mid + half)}A${r},${r} 0 0 0 ${at(mid - half)}` : `M${at(mid - half)}A${r},${r} 0 0 1 ${at(mid + half)}`;
}

function isShown(g: Geometry): boolean {
  return g.r1 > g.r0 && g.x1 - g.x0 > 1e-6;
}

function label(d: SunNode): string {
  return d.data.label ?? d.data.name;
}

/**
 * An arc's name as said: a group's or category's with its level, as the trail shows it under one ("policy (beta)").
 * A group at two levels (policy/v1 and policy/v1beta1) had two arcs of the same name, told apart by colour alone.
 */
function spoken(data: SunDatum): string {
  return data.kind === 'group' && data.level ? `${data.name} (${data.level})` : data.name;
}

function describe(d: SunNode): string {
  const data = d.data;
  if (data.kind === 'operation' && data.op) {
    const op = data.op;
    return `${op.operationId}: ${op.method.toUpperCase()} ${op.path}${op.custom ? ', custom API' : ''}, ${counted(op.hits, 'hit')}, ${op.conformanceTested === false ? 'not covered by conformance tests' : op.conformanceTested ? 'conformance tested' : 'no conformance data'}`;
  }
  const ops = d.leaves().length;
  return `${spoken(data)}: ${counted(ops, 'endpoint')}. Press Enter to zoom in.`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function sunburst(opts: SunburstOptions): Sunburst {
  const tree = buildTree(opts.operations, opts.ring, opts.title);
  const rootNode = partition<SunDatum>().size([1, MAX_DEPTH + 1])(
    hierarchy(tree, (d) => d.children)
      .sum((d) => (d.kind === 'operation' && d.op ? (opts.size === 'hits' ? Math.max(1, d.op.hits) : 1) : 0))
      .sort((a, b) =>
        // Levels keep stable, beta, alpha order whatever their size: the colour legend reads the same way.
        a.data.kind === 'level'
          ? LEVELS.indexOf(a.data.level!) - LEVELS.indexOf(b.data.level!)
          : (b.value ?? 0) - (a.value ?? 0) || a.data.name.localeCompare(b.data.name),
      ),
  ) as SunNode;

  const nodes = rootNode.descendants() as SunNode[];
  /** The hole's radius: HOLE, grown on a narrow screen (measure). */
  let hole = HOLE;
  /** The level ring's least thickness (ringEdges), set by measure. */
  let levelMin = 0;
  for (const d of nodes) d.current = d.target = targetOf(d, rootNode, hole);
  let focus = rootNode;

  const arcPath = arc<Geometry>()
    .startAngle((g) => g.x0)
    .endAngle((g) => g.x1)
    .padAngle((g) => (isThin(g) ? 0 : Math.min((g.x1 - g.x0) / 2, 0.004)))
    .padRadius(RADIUS)
    .innerRadius((g) => g.r0)
    .outerRadius((g) => Math.max(g.r0, g.r1 - 1.5));

  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', `${-SIZE / 2} ${-SIZE / 2} ${SIZE} ${SIZE}`);
  svg.setAttribute('class', 'sunburst');
  svg.setAttribute('role', 'group');
  svg.setAttribute('aria-label', `Sunburst of the endpoints ${opts.title} calls, by level and ${opts.ring}: arrow keys move between arcs, Enter zooms in, Escape out`);
  const root = select(svg);

  // Stripes for the arcs conformance tests do not cover. Set as the arc's own fill (CSSOM, allowed by the page's CSP):
  // a url(#…) in page.css would be looked up in the stylesheet's file when serve links it.
  const hatch = uid('untested-hatch');
  const pattern = root.append('defs').append('pattern').attr('id', hatch).attr('patternUnits', 'userSpaceOnUse').attr('width', 6).attr('height', 6).attr('patternTransform', 'rotate(45)');
  pattern.append('rect').attr('class', 'hatch-ground').attr('width', 6).attr('height', 6);
  pattern.append('line').attr('class', 'hatch-line').attr('x1', 1).attr('x2', 1).attr('y1', 0).attr('y2', 6);

  const arcs = root
    .append('g')
    .attr('class', 'arcs')
    .selectAll<SVGPathElement, SunNode>('path')
    .data(nodes.filter((d) => d.depth > 0))
    .join('path')
    .attr('class', (d) => {
      const op = d.data.op;
      const tested = op ? (op.conformanceTested === false ? ' untested' : op.conformanceTested === null ? ' nodata' : ' tested') : '';
      return `arc ${d.data.kind} lvl-${d.data.level}${tested}${op?.discovery ? ' discovery' : ''}`;
    })
    .attr('data-depth', (d) => d.depth)
    .attr('data-kind', (d) => d.data.kind)
    .attr('data-level', (d) => d.data.level ?? null)
    .attr('data-group', (d) => (d.depth >= 2 ? (d.depth === 2 ? d.data.name : d.parent!.data.name) : null))
    .attr('data-op', (d) => d.data.op?.operationId ?? null)
    .style('fill', (d) => (d.data.op?.conformanceTested === false ? `url(#${hatch})` : null))
    .attr('role', 'button')
    .attr('aria-label', (d) => describe(d))
    .classed('thin', (d) => isThin(d.current))
    .attr('d', (d) => arcPath(d.current));

  const labelLayer = root.append('g').attr('class', 'labels').attr('aria-hidden', 'true');
  const labels = labelLayer
    .selectAll<SVGTextElement, SunNode>('text')
    .data(nodes.filter((d) => d.depth > 0))
    .join('text')
    .attr('class', (d) => `label-${d.data.kind}`)
    .attr('dy', '0.35em');

  // The keyboard's focus ring, over every arc and label: the arc's own outline was half hidden under the arcs drawn
  // after it, and drawn in viewBox units it was about 1 px wide on a phone (360 px). A line of the ink in a band of the
  // panel's colour, in screen pixels (page.css, --unit): one of the two stands out against any arc, in either scheme.
  const ringLayer = root.append('g').attr('class', 'focus-ring').attr('aria-hidden', 'true').attr('display', 'none');
  const ringPaths = ringLayer
    .selectAll('path')
    .data(['band', 'line'])
    .join('path')
    .attr('class', (d) => `ring-${d}`);
  /** The arc the keyboard focused, which the ring goes around. */
  let ringed: SunNode | null = null;
  function paintRing(): void {
    ringLayer.attr('display', ringed ? null : 'none');
    if (ringed) ringPaths.attr('d', arcPath(ringed.current) ?? '');
  }

  const center = root.append('g').attr('class', 'center').attr('role', 'button').attr('tabindex', 0);
  center.append('circle').attr('r', HOLE - 3);
  // Endpoints and hits on lines of their own: on one, those of a big run ran out of the hole, over the arcs.
  const centerTitle = center.append('text').attr('class', 'center-title').attr('y', -12);
  const centerSub = center.append('text').attr('class', 'center-sub').attr('y', 8);
  const centerHits = center.append('text').attr('class', 'center-sub').attr('y', 23);
  const centerHint = center.append('text').attr('class', 'center-hint').attr('y', 40);

  // What a zoom did, said once: the arc the focus goes to says its own name.
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');

  const tooltip = document.createElement('div');
  tooltip.className = 'tooltip';
  tooltip.hidden = true;
  tooltip.setAttribute('role', 'presentation');

  // Labels keep their stylesheet size in pixels however narrow the chart is drawn (at 400 px wide it is half its
  // viewBox, and 11 px labels were 6 px): page.css scales them by --unit, the viewBox units a pixel spans, and those
  // that no longer fit their arc are left out. The arcs keep their names.
  // The centre's words keep theirs too (at 360 px wide they were 5 to 8 px high): the centre is scaled by --unit, and
  // the hole with it, up to MAX_HOLE; the rings are laid out again around it.
  let unit = 1;
  function measure(): void {
    const width = svg.getBoundingClientRect().width;
    unit = width > 0 ? SIZE / width : 1;
    root.style('--unit', String(unit));
    const scale = Math.min(Math.max(unit, 1), MAX_HOLE / HOLE);
    center.attr('transform', scale === 1 ? null : `scale(${scale})`);
    // The level ring thick enough for its names along it (placeLabel's LINE_PX), a little to spare.
    const min = (LINE_PX + 1) * unit;
    if (HOLE * scale === hole && min === levelMin) return;
    hole = HOLE * scale;
    levelMin = min;
    relayout();
  }

  /** The rings laid out again around a hole of another size: at once, or where a zoom under way ends. */
  let stale = false;
  function relayout(): void {
    for (const d of nodes) d.target = targetOf(d, focus, hole, levelMin);
    stale = !settled;
    if (stale) return;
    for (const d of nodes) d.current = d.target;
    arcs.classed('thin', (d) => isThin(d.current)).attr('d', (d) => arcPath(d.current));
    paintRing();
  }

  interface Placed {
    text: string;
    /** Along the arc's middle circle, else radial. */
    along: boolean;
    /** The characters the estimate gave room for, and the length (viewBox units) the label may take. */
    room: number;
    space: number;
  }

  /**
   * A label's text and its way: radial (outward from the centre) as long as the ring is thick, or along its arc's
   * middle circle as long as the arc is wide. Radial where the whole label fits so (a thin arc has no other room),
   * else whichever shows more of it: the level ring is thin and wide, and radially "stable" was "stab…" at every width.
   */
  function placeLabel(d: SunNode, g: Geometry): Placed | null {
    if (!isShown(g)) return null;
    const text = label(d);
    const char = CHAR_PX[d.data.kind] * unit;
    const mid = (g.r0 + g.r1) / 2;
    const radialSpace = (g.x1 - g.x0) * mid < 12 * unit ? 0 : g.r1 - g.r0 - 10 * unit; // too thin for a line of text: 0
    const alongSpace = g.r1 - g.r0 < LINE_PX * unit ? 0 : alongSpan(g) * mid - 10 * unit;
    const radial = Math.floor(radialSpace / char);
    const along = Math.floor(alongSpace / char);
    const useAlong = radial < text.length && along > radial;
    const room = useAlong ? along : radial;
    const fitted = labelText(d, room);
    return fitted === null ? null : { text: fitted, along: useAlong, room, space: useAlong ? alongSpace : radialSpace };
  }

  /**
   * A label in `room` characters, or null. A level's name is whole or short ("β"), never cut: its arc too short for it
   * (beta's few endpoints on a phone), "be…" told little, and the legend spells the short names out.
   */
  function labelText(d: SunNode, room: number): string | null {
    const text = label(d);
    if (d.data.kind === 'level') {
      const short = LEVEL_SHORT[d.data.level!];
      return room >= text.length ? text : room >= short.length ? short : null;
    }
    return room < 3 ? null : fitLabel(text, room, siblingLabels(d));
  }

  const siblings = new Map<SunNode, string[]>();
  /** The labels of an arc's siblings, whole: what its label, cut, must still be told from. */
  function siblingLabels(d: SunNode): string[] {
    if (!siblings.has(d)) siblings.set(d, (d.parent?.children ?? []).filter((c) => c !== d).map((c) => label(c as SunNode)));
    return siblings.get(d)!;
  }

  function labelTransform(g: Geometry): string {
    const angle = (((g.x0 + g.x1) / 2) * 180) / Math.PI;
    const r = (g.r0 + g.r1) / 2;
    return `rotate(${angle - 90}) translate(${r},0) rotate(${angle < 180 ? 0 : 180})`;
  }

  // The middle circles labels run along, one path each, made the first time an arc's label runs along it.
  const labelDefs = labelLayer.append('defs').node()!;
  const alongPaths = new Map<SunNode, SVGPathElement>();

  function writeLabel(text: SVGTextElement, d: SunNode, placed: Placed | null): void {
    if (!placed?.along) {
      text.setAttribute('transform', labelTransform(d.target));
      text.textContent = placed?.text ?? null;
      return;
    }
    let path = alongPaths.get(d);
    if (!path) {
      path = document.createElementNS(SVG_NS, 'path');
      path.id = uid('label-path');
      labelDefs.append(path);
      alongPaths.set(d, path);
    }
    path.setAttribute('d', alongPath(d.target));
    const along = document.createElementNS(SVG_NS, 'textPath');
    along.setAttribute('href', `#${path.id}`);
    along.setAttribute('startOffset', '50%');
    along.textContent = placed.text;
    text.removeAttribute('transform');
    text.replaceChildren(along);
  }

  function paintLabels(): void {
    measure();
    const placed = new Map<SunNode, Placed | null>();
    labels.each(function (d) {
      placed.set(d, placeLabel(d, d.target));
      writeLabel(this, d, placed.get(d)!);
    });
    // The room is estimated from a character's mean advance; a label of wide letters ("admission…" in DejaVu Sans)
    // ran past its arc, over the next ring. Measured once all are written (one layout), those are cut a letter more.
    labels.each(function (d) {
      let p = placed.get(d);
      while (p && this.getComputedTextLength() > p.space) {
        const room = p.room - 1;
        const text = labelText(d, room);
        p = text === null ? null : { ...p, room, text };
        writeLabel(this, d, p);
      }
    });
  }

  /** Arcs shown in one ring, in angular order. */
  function ring(depth: number): SunNode[] {
    return nodes.filter((n) => n.depth === depth && isShown(n.target)).sort((a, b) => a.target.x0 - b.target.x0);
  }

  // One arc is in the tab order at a time (a roving tabindex): Tab reaches the chart once and leaves it, arrow keys
  // move between arcs (left and right around a ring, down to the first child, up to the parent).
  let roving: SunNode | null = null;
  /** No zoom under way: labels may be painted (a zoom paints them when it ends). */
  let settled = true;
  function paintTabStops(): void {
    // -1, not none: Chromium keeps an SVG element with focus listeners in the tab order when it has no tabindex.
    arcs.attr('tabindex', (d) => (d === roving ? 0 : -1));
  }

  function neighbour(d: SunNode, key: string): SunNode | undefined {
    const around = ring(d.depth);
    const i = around.indexOf(d);
    switch (key) {
      case 'ArrowRight':
        return around[(i + 1) % around.length];
      case 'ArrowLeft':
        return around[(i - 1 + around.length) % around.length];
      case 'Home':
        return around[0];
      case 'End':
        return around[around.length - 1];
      case 'ArrowDown':
        return ring(d.depth + 1).find((c) => c.parent === d);
      case 'ArrowUp':
        return d.parent && d.parent.depth > 0 && isShown((d.parent as SunNode).target) ? (d.parent as SunNode) : undefined;
      default:
        return undefined;
    }
  }

  function paintState(): void {
    if (!roving || !isShown(roving.target)) roving = ring(focus.depth + 1).find((d) => d.parent === focus) ?? null;
    arcs.classed('hidden', (d) => !isShown(d.target)).attr('aria-hidden', (d) => (isShown(d.target) ? null : 'true'));
    paintTabStops();
    const leaves = focus.leaves().filter((l) => l.data.kind === 'operation');
    const hits = leaves.reduce((n, l) => n + (l.data.op?.hits ?? 0), 0);
    fitTitle();
    centerSub.text(counted(leaves.length, 'endpoint'));
    centerHits.text(counted(hits, 'hit'));
    centerHint.text(focus.depth === 0 ? '' : '↑ zoom out');
    center.attr('aria-label', focus.depth === 0 ? 'All endpoints' : `Zoom out to ${focus.parent!.depth === 0 ? 'all endpoints' : focus.parent!.data.name}`);
    // Nothing to zoom out to at the top: not a tab stop that does nothing.
    center.attr('tabindex', focus.depth === 0 ? -1 : 0).attr('aria-disabled', focus.depth === 0 ? 'true' : null);
    svg.setAttribute('data-focus', focus.ancestors().reverse().slice(1).map((n) => n.data.name).join('/'));
  }

  /**
   * The zoomed node's name, cut to the width of the hole (a cut at 22 characters left rbac.authorization.k8… wider than
   * the hole, over the arcs); the trail above the chart has it whole. Measured, so only once drawn: before, the
   * name is left whole, and the resize observer cuts it when the chart is first laid out.
   */
  function fitTitle(): void {
    const full = focus.depth === 0 ? 'All endpoints' : focus.data.name;
    const node = centerTitle.node()!;
    node.textContent = full;
    if (node.getComputedTextLength() <= TITLE_ROOM) return;
    const chars = Array.from(full);
    let fits = 0; // the longest start that fits with an ellipsis after it
    for (let lo = 1, hi = chars.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      node.textContent = `${chars.slice(0, mid).join('')}…`;
      if (node.getComputedTextLength() <= TITLE_ROOM) {
        fits = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    node.textContent = `${chars.slice(0, Math.max(1, fits)).join('')}…`;
  }

  function zoom(p: SunNode): void {
    if (p.data.kind === 'operation') p = p.parent as SunNode;
    if (p !== focus) {
      const ops = p.leaves().length;
      const count = counted(ops, 'endpoint');
      status.textContent = p.depth === 0 ? `Zoomed out to all ${count}` : `Zoomed ${p.depth < focus.depth ? 'out' : 'in'} to ${spoken(p.data)}, ${count}`;
    }
    focus = p;
    for (const d of nodes) d.target = targetOf(d, p, hole, levelMin);
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    const moving = arcs
      .interrupt()
      .transition()
      .duration(reduce ? 0 : 650)
      .tween('geometry', function (d) {
        const i = interpolate(d.current, d.target);
        return (t) => {
          d.current = i(t);
          this.classList.toggle('thin', isThin(d.current));
          if (d === ringed) paintRing();
        };
      })
      .attrTween('d', (d) => () => arcPath(d.current) ?? '');
    void transition; // the transition module patches selection.transition(); keep it in the bundle
    paintState();
    // Zoomed from the keyboard: the arc that had focus may now be hidden (the one zoomed into fills the hole). Focus
    // goes to the first arc shown inside the new centre, else to the centre, never to something invisible.
    const active = document.activeElement;
    if (active instanceof SVGPathElement && svg.contains(active)) {
      const activeNode = arcs.filter(function () {
        return this === active;
      }).datum();
      if (!isShown(activeNode.target)) {
        const firstChild = arcs.filter((d) => d.parent === p && isShown(d.target)).node();
        (firstChild ?? (center.node() as SVGGElement | null))?.focus();
      }
    }
    // Labels appear once the arcs have settled, where they will be.
    labels.text(null);
    settled = false;
    moving.end().then(
      () => {
        settled = true;
        if (stale) relayout();
        paintLabels();
      },
      () => undefined, // interrupted by the next zoom, which paints its own labels
    );
    // The arc pointed at may be gone (zoomed into, it fills the hole): the details then tell where the chart is.
    tell(pointed && isShown(pointed.target) ? pointed : null);
    const trail = p.ancestors().reverse().slice(1).map((n) => n.data);
    opts.onFocus(trail, new Set(p.leaves().flatMap((l) => (l.data.op ? [l.data.op.operationId] : []))));
  }

  // Escape hides the tooltip without moving the pointer or the focus (WCAG 1.4.13), before it zooms out: listened
  // for on the window while the tooltip shows, so it works wherever the focus is, and taken from the arc's own
  // Escape handler. The tooltip stays hidden until the pointer goes to another arc.
  let dismissed: SunNode | null = null;
  let hovered: SunNode | null = null;
  /** The node the details show (undefined: not told yet): told once, not on every move of the pointer. */
  let detailed: SunNode | undefined;
  /** The arc pointed at or focused, null when none is. */
  let pointed: SunNode | null = null;
  /**
   * The details tell the arc pointed at, else the zoomed node: with none pointed at, zoomed into core, they counted
   * every endpoint (196, 155 of 186 tested) beside a chart and a table of core's 70.
   */
  function tell(d: SunNode | null): void {
    pointed = d;
    const shown = d ?? focus;
    if (shown !== detailed) opts.onHover(shown.data);
    detailed = shown;
  }
  function onEscape(event: KeyboardEvent): void {
    // A chart drawn again (another view, a control used) must not swallow the next Escape.
    if (!wrapper.isConnected) return hideTooltip();
    if (event.key !== 'Escape' || tooltip.hidden) return;
    event.preventDefault(); // nor does it empty the search box that has the focus
    event.stopPropagation();
    dismissed = hovered;
    hideTooltip();
  }
  function hideTooltip(): void {
    tooltip.hidden = true;
    window.removeEventListener('keydown', onEscape, true);
  }

  function hover(d: SunNode | null, event?: MouseEvent): void {
    svg.classList.toggle('hovering', d !== null);
    if (d) {
      const lit = new Set<SunNode>([...d.ancestors(), ...d.descendants()] as SunNode[]);
      arcs.classed('lit', (n) => lit.has(n));
    }
    tell(d);
    hovered = event ? d : null;
    if (d !== dismissed) dismissed = null;
    if (!d || !event || d === dismissed) {
      hideTooltip();
      return;
    }
    tooltip.replaceChildren();
    const op = d.data.op;
    const strong = document.createElement('strong');
    strong.textContent = op ? op.operationId : d.data.name;
    const line = document.createElement('span');
    if (op) {
      // As the details list them: a "(none)" user agent is no caller where the users are listed.
      const who = callers(op).length;
      line.textContent = `${op.method.toUpperCase()} ${op.path}${op.custom ? ' · custom API' : ''} · ${counted(op.hits, 'hit')} · ${who}${moreCallers(op) ? '+' : ''} caller${who === 1 ? '' : 's'}`;
    } else {
      const leaves = d.leaves();
      line.textContent = `${counted(leaves.length, 'endpoint')} · ${counted(leaves.reduce((n, l) => n + (l.data.op?.hits ?? 0), 0), 'hit')}`;
    }
    tooltip.append(strong, line);
    tooltip.hidden = false;
    window.addEventListener('keydown', onEscape, true);
    const box = wrapper.getBoundingClientRect();
    const x = event.clientX - box.left;
    const y = event.clientY - box.top;
    // Right of and below the pointer, flipped to the other side where it would leave the chart.
    const w = tooltip.offsetWidth;
    const ht = tooltip.offsetHeight;
    tooltip.style.left = `${x + 16 + w <= box.width ? x + 16 : Math.max(0, x - 16 - w)}px`;
    tooltip.style.top = `${y + 16 + ht <= box.height ? y + 16 : Math.max(0, y - 16 - ht)}px`;
  }

  arcs
    .on('click', (_event, d) => zoom(d))
    .on('keydown', (event: KeyboardEvent, d) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        zoom(d);
      } else if (event.key === 'Escape' && focus.parent) {
        zoom(focus.parent as SunNode);
      } else {
        const next = neighbour(d, event.key);
        if (!next) return;
        event.preventDefault();
        roving = next;
        paintTabStops();
        arcs.filter((n) => n === next).node()?.focus();
      }
    })
    .on('mousemove', (event: MouseEvent, d) => hover(d, event))
    .on('mouseleave', () => hover(null))
    .on('focus', function (_event, d) {
      roving = d;
      paintTabStops();
      // Focused by the keyboard (or moved to by a zoom from it), not by a click: as :focus-visible does elsewhere.
      ringed = this.matches(':focus-visible') ? d : null;
      paintRing();
      hover(d);
    })
    .on('blur', () => {
      ringed = null;
      paintRing();
      hover(null);
    });
  center
    .on('click', () => focus.parent && zoom(focus.parent as SunNode))
    .on('keydown', (event: KeyboardEvent) => {
      if ((event.key === 'Enter' || event.key === ' ' || event.key === 'Escape') && focus.parent) {
        event.preventDefault();
        zoom(focus.parent as SunNode);
      }
    });

  paintState();
  paintLabels();
  const wrapper = document.createElement('div');
  wrapper.className = 'sunburst-wrap';
  wrapper.append(svg, tooltip, status);
  // Drawn wider or narrower (the window, the layout): the labels that fit change.
  new ResizeObserver(() => {
    fitTitle();
    if (settled) paintLabels();
  }).observe(svg);

  return {
    element: wrapper,
    zoomTo(trail) {
      let node: SunNode = rootNode;
      for (const name of trail) {
        const next = node.children?.find((c) => c.data.name === name) as SunNode | undefined;
        if (!next) break;
        node = next;
      }
      zoom(node);
    },
  };
}
