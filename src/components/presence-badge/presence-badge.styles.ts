import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    vertical-align: middle;
    position: relative;
    width: var(--chatlet-badge-size, 10px);
    height: var(--chatlet-badge-size, 10px);
    border-radius: 50%;
    cursor: default;
  }
  :host(:focus-visible) {
    outline: none;
    box-shadow: var(--_focus);
  }
  .dot {
    width: 100%;
    height: 100%;
  }
  .tip {
    /* Shown in the top layer (popover) so no ancestor's overflow clips it. */
    position: fixed;
    inset: auto;
    margin: 0;
    padding: 5px 9px;
    max-width: 260px;
    border: none;
    border-radius: 6px;
    background: #0f172a;
    color: #f8fafc;
    font: 500 12px/1.35 var(--chatlet-font, system-ui, sans-serif);
    box-shadow: 0 4px 14px rgb(15 23 42 / 0.25);
    pointer-events: none;
    overflow-wrap: anywhere;
  }
  .tip:not(:popover-open) {
    display: none;
  }
`;
