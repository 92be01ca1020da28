// How much of a long list an element renders, so a roster of thousands or a
// conversation of years paints a screenful first.
import type { ReactiveControllerHost } from 'lit';

/**
 * A window over a long list that starts with a screenful at one end and grows by a step each
 * time the reader nears its other edge. It never shrinks while the same list is shown: what was
 * scrolled through stays in the page (find-in-page and screen readers see it). A step renders
 * its rows and re-checks the ones already there, so it costs a few milliseconds per thousand
 * rendered rows: cheap for what people scroll through, slower than a virtualizer only after
 * thousands of rows, which a virtualizer library paid for with a tenth of the bundle.
 */
export class ListWindow {
  /** How many items to render. */
  size: number;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly step: number,
  ) {
    this.size = step;
  }

  /** Back to one screenful: another list is shown. */
  reset(): void {
    this.size = this.step;
  }

  /** Renders one step more of a list of `total` items; false when all of it is rendered. */
  grow(total: number): boolean {
    if (this.size >= total) return false;
    this.size += this.step;
    this.host.requestUpdate();
    return true;
  }

  /** Makes sure the item at `index` is rendered. */
  cover(index: number): void {
    if (index < this.size) return;
    this.size = index + this.step;
    this.host.requestUpdate();
  }
}
