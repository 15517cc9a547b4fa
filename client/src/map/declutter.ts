import type { Label } from './layers.ts';

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Rough on-screen width of a label: CJK glyphs are about 1 em wide, Latin digits and letters ~0.6 em. */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? size : size * 0.6;
  return w;
}

/**
 * Greedy label placement over candidates of any size: highest priority first, a label is kept only if its box (plus padding)
 * overlaps no kept box and lies on screen. Runs when the camera stops, not per frame, so a few
 * hundred labels cost nothing noticeable.
 */
export function declutter<C extends { label: Label; size: number }>(
  candidates: C[],
  project: (p: [number, number]) => { x: number; y: number },
  screen: { width: number; height: number },
  padding = 6,
): C[] {
  const sorted = [...candidates].sort((a, b) => (b.label.priority ?? 0) - (a.label.priority ?? 0));
  const kept: C[] = [];
  const boxes: Box[] = [];
  for (const c of sorted) {
    const { label, size } = c;
    const at = project(label.position);
    const x = at.x + (label.offset?.[0] ?? 0);
    const y = at.y + (label.offset?.[1] ?? 0);
    const halfW = textWidth(label.text, size) / 2 + padding;
    const halfH = size / 2 + padding;
    const box = { x0: x - halfW, y0: y - halfH, x1: x + halfW, y1: y + halfH };
    if (box.x1 < 0 || box.y1 < 0 || box.x0 > screen.width || box.y0 > screen.height) continue;
    if (boxes.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
    boxes.push(box);
    kept.push(c);
  }
  return kept;
}
