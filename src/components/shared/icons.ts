// Small inline icons (24×24, stroke-based), decorative: always aria-hidden.
import { svg, type TemplateResult } from 'lit';

function icon(paths: TemplateResult<2>): TemplateResult<2> {
  return svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2"
    stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${paths}</svg>`;
}

export const chatIcon = icon(
  svg`<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z"/>`,
);
export const closeIcon = icon(svg`<path d="M18 6 6 18M6 6l12 12"/>`);
export const backIcon = icon(svg`<path d="m15 18-6-6 6-6"/>`);
export const sendIcon = icon(svg`<path d="M22 2 11 13"/><path d="M22 2 15 22l-4-9-9-4 20-7Z"/>`);
export const moreIcon = icon(
  svg`<circle cx="5" cy="12" r="1"/><circle cx="12" cy="12" r="1"/><circle cx="19" cy="12" r="1"/>`,
);
export const plusIcon = icon(svg`<path d="M12 5v14M5 12h14"/>`);
export const chevronIcon = icon(svg`<path d="m6 9 6 6 6-6"/>`);
export const searchIcon = icon(svg`<circle cx="11" cy="11" r="7"/><path d="m20 20-3.5-3.5"/>`);
export const clockIcon = icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`);
export const checkIcon = icon(svg`<path d="M20 6 9 17l-5-5"/>`);
/** Two ticks: delivered (and, in the accent colour, read). */
export const doubleCheckIcon = icon(svg`<path d="M17 6 7 17l-5-5M22 6 12 17l-1.5-1.5"/>`);
export const alertIcon = icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 8v4M12 16h.01"/>`);
export const logoutIcon = icon(
  svg`<path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9"/>`,
);

/** The launcher's speech bubble, filled. */
export const launcherIcon = svg`<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
  <path d="M12 3C6.5 3 2 6.9 2 11.7c0 2.4 1.1 4.6 3 6.2-.2 1.3-.8 2.5-1.8 3.4-.2.2 0 .6.3.6 1.9 0 3.6-.7 4.9-1.7 1.1.3 2.3.5 3.6.5 5.5 0 10-3.9 10-8.7S17.5 3 12 3Z"/>
</svg>`;
export const downloadIcon = icon(svg`<path d="M12 4v11M7 10l5 5 5-5M5 20h14"/>`);
