import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 420px;
    min-height: 0;
    background: var(--_bg);
    color: var(--_fg);
  }

  .header {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 10px 12px;
    flex: none;
  }
  .search {
    flex: 1;
    display: flex;
    align-items: center;
    gap: 8px;
    height: 36px;
    padding: 0 12px;
    border-radius: 999px;
    background: var(--_surface);
    color: var(--_muted);
    cursor: text;
  }
  .search:focus-within {
    box-shadow: var(--_focus);
  }
  .search svg {
    width: 16px;
    height: 16px;
    flex: none;
  }
  .search input {
    flex: 1;
    min-width: 0;
    border: none;
    outline: none;
    background: transparent;
    color: var(--_fg);
    padding: 0;
  }
  .search input::placeholder {
    color: var(--_muted);
  }

  .add-form {
    display: grid;
    gap: 8px;
    margin: 0 12px 10px;
    padding: 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-small);
  }
  .add-row {
    display: flex;
    gap: 8px;
  }
  .add-row.end {
    justify-content: flex-end;
  }
  .error {
    margin: 0;
    color: var(--_danger);
    font-size: 0.92em;
  }

  .requests {
    flex: none;
    margin: 0 12px 8px;
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_accent) 8%, var(--_bg));
    overflow: hidden;
  }
  .request {
    display: flex;
    align-items: center;
    gap: 8px;
    padding: 10px 12px;
  }
  .request + .request {
    border-top: 1px solid var(--_border);
  }

  .scroller {
    flex: 1 1 auto;
    min-height: 0;
    position: relative;
    overflow: auto;
    overscroll-behavior: contain;
    padding-bottom: 8px;
  }

  /* A step of rendered rows: laid out and painted only near the viewport. The margin keeps
     focus rings of its first and last rows unclipped. */
  .chunk {
    content-visibility: auto;
    contain-intrinsic-size: auto 2900px;
    overflow-clip-margin: 4px;
  }
  .row-wrap {
    width: 100%;
  }

  .group-header {
    display: flex;
    align-items: center;
    gap: 6px;
    width: 100%;
    padding: 12px 16px 4px;
    border: none;
    background: transparent;
    color: var(--_muted);
    font-size: 11.5px;
    font-weight: 600;
    letter-spacing: 0.05em;
    text-transform: uppercase;
    text-align: start;
    cursor: pointer;
  }
  .group-header:hover {
    color: var(--_fg);
  }
  .group-name {
    flex: 1;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .group-count {
    font-weight: 500;
    letter-spacing: 0;
    font-variant-numeric: tabular-nums;
  }
  .chevron {
    display: inline-flex;
    transition: transform 150ms ease;
  }
  .chevron svg {
    width: 14px;
    height: 14px;
  }
  .chevron[data-collapsed] {
    transform: rotate(-90deg);
  }

  .contact {
    padding: 1px 8px;
  }
  .contact-line {
    position: relative;
    display: flex;
    align-items: center;
    border-radius: var(--_radius-small);
    transition: background 120ms ease;
  }
  .contact-line:hover,
  .contact[data-selected] .contact-line {
    background: var(--_surface);
  }
  /* The menu button floats over the row's end and appears on hover or focus;
     the unread badge slides over to make room. */
  .contact .more {
    position: absolute;
    inset-inline-end: 6px;
    top: 50%;
    translate: 0 -50%;
    width: 28px;
    height: 28px;
    opacity: 0;
  }
  .contact-line:hover .more,
  .contact-line:focus-within .more,
  .contact .more[aria-expanded='true'] {
    opacity: 1;
  }
  .contact-line:hover .contact-main,
  .contact-line:focus-within .contact-main,
  .contact-line:has(.more[aria-expanded='true']) .contact-main {
    padding-inline-end: 40px;
  }
  .contact-main {
    flex: 1;
    min-width: 0;
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 7px 10px 7px 8px;
    border: none;
    border-radius: var(--_radius-small);
    background: transparent;
    text-align: start;
    cursor: pointer;
  }
  .avatar {
    position: relative;
    font-size: 14px;
  }
  .avatar .dot {
    position: absolute;
    right: -1px;
    bottom: -1px;
    width: 11px;
    height: 11px;
    border: 2px solid var(--_bg);
    box-sizing: content-box;
  }
  .avatar .dot[data-show='offline'] {
    background: var(--_bg);
    box-shadow: inset 0 0 0 2px var(--_offline);
  }
  .text {
    flex: 1;
    min-width: 0;
    display: flex;
    flex-direction: column;
  }
  .name {
    font-weight: 550;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .status {
    color: var(--_muted);
    font-size: 0.88em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .contact[data-show='offline'] .name {
    color: color-mix(in srgb, var(--_fg) 70%, var(--_bg));
  }

  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin: 4px 8px 8px 52px;
  }
  .actions .input {
    flex: 1 1 140px;
    min-height: 28px;
    padding: 3px 8px;
  }
  .confirm {
    flex: 1;
    font-weight: 500;
  }

  .empty {
    margin: 0;
    padding: 32px 16px;
    text-align: center;
    color: var(--_muted);
  }
`;
