// Types for the part of d3 v7 the page uses. @types/d3 is not installed in this workspace; once it is,
// delete this file (the names and signatures below follow @types/d3, so the page code stays as it is).
declare module 'd3' {
  export interface HierarchyNode<Datum> {
    data: Datum;
    readonly depth: number;
    readonly height: number;
    parent: this | null;
    children?: this[];
    readonly value?: number;
    sum(value: (d: Datum) => number): this;
    sort(compare: (a: this, b: this) => number): this;
    descendants(): this[];
    ancestors(): this[];
    leaves(): this[];
    each(fn: (node: this) => void): this;
  }

  export interface HierarchyRectangularNode<Datum> extends HierarchyNode<Datum> {
    x0: number;
    y0: number;
    x1: number;
    y1: number;
  }

  export function hierarchy<Datum>(data: Datum, children?: (d: Datum) => Iterable<Datum> | null | undefined): HierarchyNode<Datum>;

  export interface PartitionLayout<Datum> {
    (root: HierarchyNode<Datum>): HierarchyRectangularNode<Datum>;
    size(size: [number, number]): this;
    padding(padding: number): this;
    round(round: boolean): this;
  }
  export function partition<Datum>(): PartitionLayout<Datum>;

  export interface Arc<Datum> {
    (d: Datum): string | null;
    startAngle(angle: (d: Datum) => number): this;
    endAngle(angle: (d: Datum) => number): this;
    padAngle(angle: (d: Datum) => number): this;
    padRadius(radius: number): this;
    innerRadius(radius: (d: Datum) => number): this;
    outerRadius(radius: (d: Datum) => number): this;
    cornerRadius(radius: number): this;
  }
  export function arc<Datum>(): Arc<Datum>;

  export function interpolate<T>(a: T, b: T): (t: number) => T;

  export interface ScaleOrdinal<Domain extends string, Range> {
    (value: Domain): Range;
    domain(): Domain[];
    range(): Range[];
  }
  export function scaleOrdinal<Domain extends string, Range>(domain: readonly Domain[], range: readonly Range[]): ScaleOrdinal<Domain, Range>;

  type ValueFn<E, D, R> = R | ((this: E, d: D, i: number) => R);

  export interface Selection<E extends Element, D> {
    attr(name: string, value: ValueFn<E, D, string | number | boolean | null>): this;
    attr(name: string): string;
    classed(names: string, value: ValueFn<E, D, boolean>): this;
    style(name: string, value: ValueFn<E, D, string | number | null>): this;
    text(value: ValueFn<E, D, string | number | null>): this;
    on(type: string, listener: ((this: E, event: any, d: D) => void) | null): this;
    append<K extends keyof SVGElementTagNameMap>(name: K): Selection<SVGElementTagNameMap[K], D>;
    selectAll<C extends Element, CD = D>(selector: string): Selection<C, CD>;
    data<ND>(data: readonly ND[], key?: (d: ND) => string): EnterableSelection<E, ND>;
    datum<ND>(value: ND): Selection<E, ND>;
    join<K extends keyof SVGElementTagNameMap>(name: K): Selection<SVGElementTagNameMap[K], D>;
    filter(predicate: (this: E, d: D, i: number) => boolean): this;
    each(fn: (this: E, d: D, i: number) => void): this;
    call(fn: (selection: this) => void): this;
    node(): E | null;
    nodes(): E[];
    size(): number;
    remove(): this;
    raise(): this;
    transition(name?: string): Transition<E, D>;
    interrupt(name?: string): this;
  }

  export interface EnterableSelection<E extends Element, D> extends Selection<E, D> {
    join<K extends keyof SVGElementTagNameMap>(name: K): Selection<SVGElementTagNameMap[K], D>;
  }

  export interface Transition<E extends Element, D> {
    duration(ms: number): this;
    attr(name: string, value: ValueFn<E, D, string | number | null>): this;
    attrTween(name: string, factory: (this: E, d: D) => (t: number) => string | null): this;
    style(name: string, value: ValueFn<E, D, string | number | null>): this;
    tween(name: string, factory: (this: E, d: D) => (t: number) => void): this;
    filter(predicate: (this: E, d: D, i: number) => boolean): this;
    selection(): Selection<E, D>;
    end(): Promise<void>;
  }

  export function select<E extends Element>(node: E): Selection<E, unknown>;
}
