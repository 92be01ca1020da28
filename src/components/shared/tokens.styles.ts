// Design tokens shared by every element: public `--chatlet-*` custom
// properties with fallbacks, resolved into private `--_*` properties so the
// dark theme can change the fallbacks without overriding what a page sets.
import { css } from 'lit';

/** The dark theme's fallbacks; a page's --chatlet-* values still win. */
const dark = css`
  --_accent: var(--chatlet-accent, #2563eb);
  --_accent-hover: var(--chatlet-accent-hover, #1d4ed8);
  --_bg: var(--chatlet-bg, #0f172a);
  --_fg: var(--chatlet-fg, #e2e8f0);
  --_muted: var(--chatlet-muted, #94a3b8);
  --_border: var(--chatlet-border, #1e293b);
  --_surface: var(--chatlet-surface, #1e293b);
  --_surface-hover: var(--chatlet-surface-hover, #273449);
  --_danger: var(--chatlet-danger, #f87171);
  --_offline: var(--chatlet-presence-offline, #64748b);
  --_shadow: var(--chatlet-shadow, 0 12px 40px rgb(0 0 0 / 0.5));
`;

/** Host reset and design tokens; every element's styles start with this. */
export const tokens = css`
  :host {
    /* Keep the host page's inherited styles out. Custom properties survive
       \`all\`, so pages can still theme through --chatlet-*. What the text inside
       inherits is !important: in the shadow cascade that beats even a page's
       \`* { all: unset }\` or \`!important\` rules on the element itself. */
    all: initial;
    box-sizing: border-box !important;
    font-style: normal !important;
    font-weight: 400 !important;
    letter-spacing: normal !important;
    word-spacing: normal !important;
    text-transform: none !important;
    text-indent: 0 !important;
    text-shadow: none !important;
    white-space: normal !important;
    font-family: var(
      --chatlet-font,
      system-ui,
      -apple-system,
      'Segoe UI',
      Roboto,
      'Helvetica Neue',
      Arial,
      sans-serif
    ) !important;
    font-size: var(--chatlet-font-size, 14px) !important;
    line-height: 1.45 !important;
    color: var(--_fg) !important;
    -webkit-font-smoothing: antialiased;
    text-align: start !important;

    --_accent: var(--chatlet-accent, #2563eb);
    --_accent-hover: var(--chatlet-accent-hover, #1d4ed8);
    --_accent-fg: var(--chatlet-accent-fg, #ffffff);
    --_bg: var(--chatlet-bg, #ffffff);
    --_fg: var(--chatlet-fg, #0f172a);
    --_muted: var(--chatlet-muted, #5b6b82);
    --_border: var(--chatlet-border, #e2e8f0);
    --_surface: var(--chatlet-surface, #f1f5f9);
    --_surface-hover: var(--chatlet-surface-hover, #e8eef5);
    --_danger: var(--chatlet-danger, #dc2626);
    --_radius: var(--chatlet-radius, 14px);
    --_radius-small: calc(var(--_radius) / 2);
    --_focus: var(
      --chatlet-focus-ring,
      0 0 0 3px color-mix(in srgb, var(--_accent) 35%, transparent)
    );
    --_shadow: var(
      --chatlet-shadow,
      0 12px 40px rgb(15 23 42 / 0.18),
      0 2px 8px rgb(15 23 42 / 0.08)
    );

    --_online: var(--chatlet-presence-online, #22c55e);
    --_away: var(--chatlet-presence-away, #f59e0b);
    --_xa: var(--chatlet-presence-xa, #c2855a);
    --_dnd: var(--chatlet-presence-dnd, #ef4444);
    --_offline: var(--chatlet-presence-offline, #94a3b8);
  }

  /* Dark: the system's choice unless the element says theme="light"; theme="dark" forces it. */
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  [hidden] {
    display: none !important;
  }

  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }

  :focus-visible {
    outline: none;
    box-shadow: var(--_focus);
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation-duration: 0.01ms !important;
      transition-duration: 0.01ms !important;
      scroll-behavior: auto !important;
    }
  }
`;

/** Buttons, inputs and the presence dot, shared by the elements that use them. */
export const controls = css`
  .avatar {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 34px;
    height: 34px;
    border-radius: 50%;
    background: color-mix(in srgb, var(--_accent) 14%, var(--_bg));
    color: var(--_accent);
    font-weight: 600;
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 32px;
    padding: 0 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_bg);
    color: var(--_fg);
    font-weight: 500;
    cursor: pointer;
    transition:
      background 120ms ease,
      border-color 120ms ease;
    white-space: nowrap;
  }
  .button:hover {
    background: var(--_surface);
  }
  .button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  .button.primary:hover {
    background: var(--_accent-hover);
    border-color: var(--_accent-hover);
  }
  .button.danger {
    color: var(--_danger);
  }
  .button.small {
    min-height: 26px;
    padding: 0 9px;
    font-size: 0.9em;
  }
  .button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  .icon-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 32px;
    height: 32px;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: var(--_muted);
    cursor: pointer;
    flex: none;
    transition:
      background 120ms ease,
      color 120ms ease;
  }
  .icon-button:hover {
    background: var(--_surface);
    color: var(--_fg);
  }
  .icon-button svg {
    width: 18px;
    height: 18px;
  }
  .input {
    width: 100%;
    min-height: 34px;
    padding: 6px 10px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
    background: var(--_bg);
    transition:
      border-color 120ms ease,
      box-shadow 120ms ease;
  }
  .input:focus {
    outline: none;
    border-color: var(--_accent);
    box-shadow: var(--_focus);
  }
  .input::placeholder {
    color: var(--_muted);
  }
  .dot {
    display: inline-block;
    flex: none;
    width: 10px;
    height: 10px;
    border-radius: 50%;
    background: var(--_offline);
  }
  .dot[data-show='chat'],
  .dot[data-show='online'] {
    background: var(--_online);
  }
  .dot[data-show='away'] {
    background: var(--_away);
  }
  .dot[data-show='xa'] {
    background: var(--_xa);
  }
  .dot[data-show='dnd'] {
    background: var(--_dnd);
  }
  .dot[data-show='offline'] {
    background: transparent;
    box-shadow: inset 0 0 0 2px var(--_offline);
  }
  .dot[data-show='unknown'] {
    box-sizing: border-box;
    background: transparent;
    border: 1.5px dashed var(--_offline);
  }
  .unread {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 20px;
    height: 20px;
    padding: 0 6px;
    border-radius: 10px;
    background: var(--_accent);
    color: var(--_accent-fg);
    font-size: 11px;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    line-height: 1;
  }
`;
