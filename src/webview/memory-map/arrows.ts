// Pointer arrows over the two lists, drawn in one SVG layer. Every end is found arithmetically: the
// address → row index (rows.ts) and the row → y from its index, the list's scroll offset and the column
// geometry measured once per resize, so redrawing on a stop or a scroll reads no layout. Edges whose ends
// both lie outside the address ranges in view are skipped before any lookup. An arrow whose
// other end is scrolled away ends at the edge of its list, drawn faded; arrows with no end in view are
// skipped. A pointer with nowhere to go (wild, out of bounds into nothing) gets a short stub ending in a
// cross. Free-list links are drawn the same way, dotted, on the heap's right side.

import { svg, replaceChildren } from '../dom';
import { hex } from '../format';
import type { PointerEdge, PointerVerdictKind } from '../../protocol/messages';

export interface ColumnBox {
  /** Left and right edges of the rows' boxes, and the top and height of the list's viewport, relative to the SVG. */
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly height: number;
}

export interface ListPosition {
  readonly box: ColumnBox;
  readonly scrollTop: number;
  readonly rowHeight: number;
  readonly find: (address: number) => number;
}

export interface ArrowScene {
  readonly stack: ListPosition;
  readonly heap: ListPosition;
  readonly edges: readonly PointerEdge[];
  readonly freeLinks: readonly { readonly from: number; readonly to: number }[];
  /** Keys of edges to draw emphasised (the selection's). */
  readonly emphasised: ReadonlySet<number>;
  /**
   * The address ranges of the rows in view (both lists), when known: an edge with neither end inside
   * is not looked up at all. With ten thousand heap words pointing at each other, most are not.
   */
  readonly inView?: readonly (readonly [number, number])[];
}

type Side = 'stack' | 'heap';

interface End {
  readonly side: Side;
  readonly x: number;
  readonly y: number;
  readonly offscreen: boolean;
}

/** At most this many arrows are drawn at once; beyond, the picture is unreadable anyway. */
const MAX_ARROWS = 400;

const VERDICT_CLASS: { readonly [K in PointerVerdictKind]: string } = {
  null: 'null',
  valid: 'valid',
  'out-of-bounds': 'bad',
  'dangling-heap': 'dangling',
  'dangling-stack': 'dangling',
  'leaked-target': 'leaked',
  uninitialized: 'bad',
  wild: 'wild',
};

/** The arrowheads, one per style, as their colour comes from the stroke's class. */
export function arrowDefs(): SVGDefsElement {
  const defs = svg('defs');
  for (const style of ['valid', 'dangling', 'wild', 'bad', 'leaked', 'free-link']) {
    defs.appendChild(svg('marker', {
      class: `arrowhead arrowhead-${style}`,
      attrs: { id: `arrowhead-${style}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' },
    }, svg('path', { attrs: { d: 'M0 0L10 5L0 10z' } })));
  }
  defs.appendChild(svg('marker', {
    class: 'arrowhead arrowhead-cross',
    attrs: { id: 'arrowhead-cross', viewBox: '0 0 10 10', refX: 5, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse' },
  }, svg('path', { attrs: { d: 'M1 1L9 9M9 1L1 9' } })));
  return defs;
}

function rowEnd(list: ListPosition, side: Side, row: number, x: number): End {
  const { box, scrollTop, rowHeight } = list;
  const y = box.top + row * rowHeight - scrollTop + rowHeight / 2;
  const top = box.top + 2;
  const bottom = box.top + box.height - 2;
  return { side, x, y: Math.min(bottom, Math.max(top, y)), offscreen: y < top || y > bottom };
}

function locate(scene: ArrowScene, address: number): { side: Side; row: number } | null {
  const s = scene.stack.find(address);
  if (s >= 0) return { side: 'stack', row: s };
  const h = scene.heap.find(address);
  if (h >= 0) return { side: 'heap', row: h };
  return null;
}

/** Where an arrow leaves a row: stack rows on their right edge; heap rows toward the stack on their left. */
function sourceEnd(scene: ArrowScene, side: Side, row: number, targetSide: Side | null): End {
  if (side === 'stack') return rowEnd(scene.stack, side, row, scene.stack.box.right);
  const x = targetSide === 'stack' ? scene.heap.box.left : scene.heap.box.right;
  return rowEnd(scene.heap, side, row, x);
}

function targetEnd(scene: ArrowScene, side: Side, row: number, sourceSide: Side): End {
  if (side === 'heap') return rowEnd(scene.heap, side, row, sourceSide === 'heap' ? scene.heap.box.right : scene.heap.box.left);
  return rowEnd(scene.stack, side, row, scene.stack.box.right);
}

function pathBetween(a: End, b: End): string {
  if (a.side === b.side) {
    // A loop out of the list's right edge and back: the distance sets how far it bows out.
    const bow = 14 + Math.min(34, Math.abs(b.y - a.y) / 6);
    return `M${a.x} ${a.y}C${a.x + bow} ${a.y} ${b.x + bow} ${b.y} ${b.x} ${b.y}`;
  }
  const dx = (b.x - a.x) / 2;
  return `M${a.x} ${a.y}C${a.x + dx} ${a.y} ${b.x - dx} ${b.y} ${b.x} ${b.y}`;
}

function inView(end: End): boolean {
  return !end.offscreen;
}

/** Redraws every arrow with an end in view into `layer`. Returns how many were drawn. */
export function drawArrows(layer: SVGGElement, scene: ArrowScene): number {
  const paths: SVGPathElement[] = [];
  const ranges = scene.inView;
  const near = (address: number) => {
    if (!ranges) return true;
    for (const [low, high] of ranges) if (address >= low && address < high) return true;
    return false;
  };
  for (const edge of scene.edges) {
    if (paths.length >= MAX_ARROWS) break;
    if (edge.verdict === 'null') continue;
    if (!near(edge.from) && !near(edge.to)) continue;
    const from = locate(scene, edge.from);
    if (!from) continue;
    const to = locate(scene, edge.to);
    const style = VERDICT_CLASS[edge.verdict];
    const a = sourceEnd(scene, from.side, from.row, to?.side ?? null);
    let d: string;
    let b: End | null = null;
    if (to) {
      b = targetEnd(scene, to.side, to.row, from.side);
      if (!inView(a) && !inView(b)) continue;
      d = pathBetween(a, b);
    } else {
      if (!inView(a)) continue;
      const dir = a.side === 'heap' && a.x === scene.heap.box.left ? -1 : 1;
      d = `M${a.x} ${a.y}h${dir * 22}`;
    }
    const classes = ['arrow', `arrow-${style}`];
    if (!to) classes.push('arrow-nowhere');
    if (!inView(a) || (b && !inView(b))) classes.push('arrow-offscreen');
    if (scene.emphasised.has(edge.key)) classes.push('arrow-emphasised');
    paths.push(svg('path', {
      class: classes.join(' '),
      attrs: {
        d,
        'marker-end': `url(#arrowhead-${to ? style : 'cross'})`,
        'data-from': hex(edge.from),
        'data-to': hex(edge.to),
        'data-verdict': edge.verdict,
        'data-from-name': edge.fromName,
      },
    }));
  }
  for (const link of scene.freeLinks) {
    if (paths.length >= MAX_ARROWS) break;
    const from = scene.heap.find(link.from);
    const to = scene.heap.find(link.to);
    if (from < 0 || to < 0) continue;
    const a = rowEnd(scene.heap, 'heap', from, scene.heap.box.right);
    const b = rowEnd(scene.heap, 'heap', to, scene.heap.box.right);
    if (!inView(a) && !inView(b)) continue;
    paths.push(svg('path', {
      class: `arrow arrow-free-link${inView(a) && inView(b) ? '' : ' arrow-offscreen'}`,
      attrs: { d: pathBetween(a, b), 'marker-end': 'url(#arrowhead-free-link)', 'data-from': hex(link.from), 'data-to': hex(link.to), 'data-verdict': 'free-list' },
    }));
  }
  replaceChildren(layer, ...paths);
  return paths.length;
}
