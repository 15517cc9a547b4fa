import type { Position } from 'geojson';

/** One state of the outline being edited: its closed outer ring, or null before one is drawn. */
export type RingState = Position[] | null;

/** Rings compared to about 1 cm (1e-7°): terra-draw rounds what it stores, and a redraw of the saved shape is no change. */
const key = (r: RingState) => (r === null ? 'null' : JSON.stringify(r.map((p) => [Math.round(p[0]! * 1e7), Math.round(p[1]! * 1e7)])));
export const sameRing = (a: RingState, b: RingState) => key(a) === key(b);

/**
 * Undo and redo of a drawing, as a stack of whole ring states (not of operations): a state is
 * pushed each time an edit completes (the ring closed, a corner dropped, a midpoint added, a
 * corner deleted). `changed` compares the present with the saved shape, so undoing back to it
 * disables saving again. Pure, so it is unit-tested apart from the map.
 */
export class RingHistory {
  private past: RingState[] = [];
  private future: RingState[] = [];
  constructor(
    private present: RingState,
    private readonly saved: RingState = present,
  ) {}

  get current(): RingState {
    return this.present;
  }
  get canUndo(): boolean {
    return this.past.length > 0;
  }
  get canRedo(): boolean {
    return this.future.length > 0;
  }
  /** True when the present differs from the saved shape (nothing to save otherwise). */
  get changed(): boolean {
    return this.present !== null && !sameRing(this.present, this.saved);
  }

  /** An edit completed: the new state, unless it is the same as the present (a click without a move). */
  push(next: RingState): boolean {
    if (sameRing(next, this.present)) return false;
    this.past.push(this.present);
    this.present = next;
    this.future = [];
    return true;
  }

  undo(): RingState | undefined {
    if (!this.past.length) return undefined;
    this.future.push(this.present);
    this.present = this.past.pop()!;
    return this.present;
  }

  redo(): RingState | undefined {
    if (!this.future.length) return undefined;
    this.past.push(this.present);
    this.present = this.future.pop()!;
    return this.present;
  }
}
