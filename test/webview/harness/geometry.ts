// Reading arrows back from the page: an SVG path's first and last points in page coordinates, and the
// box of an element, so tests can check that an arrow starts at its slot and ends at its target.

import type { Locator, Page } from 'playwright-core';

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** First and last point of the path `selector`, in page coordinates. */
export async function pathEnds(page: Page, selector: string): Promise<{ start: Point; end: Point }> {
  return page.$eval(selector, (path) => {
    const p = path as SVGPathElement;
    const length = p.getTotalLength();
    const svg = p.ownerSVGElement!.getBoundingClientRect();
    const a = p.getPointAtLength(0);
    const b = p.getPointAtLength(length);
    return { start: { x: svg.x + a.x, y: svg.y + a.y }, end: { x: svg.x + b.x, y: svg.y + b.y } };
  });
}

export async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element has no box (not rendered)');
  return b;
}

/** True when `p` lies within `slack` pixels of the box's `side` edge and inside it vertically. */
export function touches(p: Point, b: Box, side: 'left' | 'right', slack = 3): boolean {
  const x = side === 'left' ? b.x : b.x + b.width;
  return Math.abs(p.x - x) <= slack && p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
}
