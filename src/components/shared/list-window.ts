// How much of a long list an element renders, so a roster of thousands or a
// conversation of years paints a screenful first.
import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';

/** How {@link ListWindow.render} renders. */
export interface WindowOptions<T> {
  /** Take the window from the end of the list (a history, newest last). */
  fromEnd?: boolean;
  /**
   * Everything an item's row shows that can change: a chunk whose items all look the same as
   * last time (and `shared` is the same) is not rendered again.
   */
  looks?: (item: T) => readonly unknown[];
  /** What every row shows besides its item (the locale, the selection, …). */
  shared?: readonly unknown[];
}

/**
 * A window over a long list that starts with a screenful at one end and grows by a step each
 * time the reader nears its other edge. It never shrinks while the same list is shown: what was
 * scrolled through stays in the page (find-in-page and screen readers see it). Rows come in
 * chunks of one step, each a box the browser lays out and paints only near the viewport (CSS
 * `content-visibility`), so a step costs its own rows plus a quick re-check of the others —
 * what a virtualizer library saved, without its tenth of the bundle.
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

  /**
   * The window of `items` as chunks of rows, from the start or the end. Chunks are counted from
   * the end the window starts at, so growing adds whole chunks, and a chunk that looks the same
   * is skipped; `renderItem` gets each item's index in `items`.
   */
  render<T>(
    items: readonly T[],
    key: (item: T) => string,
    renderItem: (item: T, index: number) => unknown,
    { fromEnd = false, looks, shared = [] }: WindowOptions<T> = {},
  ): TemplateResult {
    const step = this.step;
    const count = Math.min(this.size, items.length);
    const chunks: number[] = [];
    for (let k = 0; k * step < count; k++) chunks.push(k);
    if (fromEnd) chunks.reverse();
    // Keyed by their place from the start end, so a chunk keeps its rows' DOM as others come.
    return html`${repeat(
      chunks,
      (k) => k,
      (k) => {
        const from = fromEnd ? items.length - Math.min(count, (k + 1) * step) : k * step;
        const to = fromEnd ? items.length - k * step : Math.min(count, (k + 1) * step);
        const rows = items.slice(from, to);
        const draw = () => repeat(rows, key, (item, i) => renderItem(item, from + i));
        return html`<div class="chunk">
          ${looks ? guard([from, ...shared, ...rows.flatMap(looks)], draw) : draw()}
        </div>`;
      },
    )}`;
  }

  /** Makes sure the item at `index` is rendered. */
  cover(index: number): void {
    if (index < this.size) return;
    this.size = index + this.step;
    this.host.requestUpdate();
  }
}
