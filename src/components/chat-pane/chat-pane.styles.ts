import { css } from 'lit';

export const styles = css`
  :host {
    display: flex;
    flex-direction: column;
    height: 480px;
    min-height: 0;
    background: var(--_bg);
    color: var(--_fg);
  }

  header {
    display: flex;
    align-items: center;
    gap: 10px;
    flex: none;
    padding: 10px 14px;
    border-bottom: 1px solid var(--_border);
  }
  .who {
    flex: 1;
    min-width: 0;
  }
  .name-line {
    display: flex;
    align-items: center;
    gap: 7px;
  }
  .name {
    font-weight: 600;
    font-size: 1.05em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .status {
    /* Derived from the header's colour so a themed header stays legible. */
    opacity: 0.72;
    font-size: 0.88em;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  /* Reversed, so it scrolls from the bottom: the newest message stays in view while the reader
     is at the bottom, and older messages put above do not move what they are reading. */
  .history {
    flex: 1 1 auto;
    min-height: 0;
    display: flex;
    flex-direction: column-reverse;
    overflow: auto;
    overscroll-behavior: contain;
    outline: none;
  }
  .history:focus-visible {
    box-shadow: inset var(--_focus);
  }

  .empty-state {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 4px;
    color: var(--_muted);
  }
  .empty-state p {
    margin: 0;
  }
  .hello {
    font-size: 28px;
  }
  .empty {
    margin: auto;
    color: var(--_muted);
  }

  .day {
    display: flex;
    justify-content: center;
    width: 100%;
    padding: 14px 0 6px;
  }
  .day span {
    padding: 2px 10px;
    border-radius: 999px;
    background: var(--_surface);
    color: var(--_muted);
    font-size: 11.5px;
    font-weight: 500;
  }

  .message {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    width: 100%;
    padding: 2px 14px;
  }
  .message[part='greeting'] {
    padding-top: 14px;
  }
  .message[data-first] {
    padding-top: 8px;
  }
  /* A step of rendered rows: laid out and painted only near the viewport. The margin keeps
     focus rings of its first and last rows unclipped. */
  .chunk {
    content-visibility: auto;
    contain-intrinsic-size: auto 2700px;
    overflow-clip-margin: 4px;
  }
  .chunk:last-child > .message:last-child {
    padding-bottom: 12px;
  }
  .message[data-direction='out'] {
    align-items: flex-end;
  }
  .sender {
    margin: 0 0 2px 12px;
    color: var(--_muted);
    font-size: 12px;
    font-weight: 500;
  }
  .bubble {
    max-width: min(78%, 480px);
    padding: 8px 12px;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_fg);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    word-break: normal;
  }
  .message[data-direction='in'] .bubble {
    border-end-start-radius: 4px;
  }
  .message[data-direction='out'] .bubble {
    background: var(--_accent);
    color: var(--_accent-fg);
    border-end-end-radius: 4px;
  }
  .message[data-state='pending'] .bubble {
    opacity: 0.75;
  }
  .message[data-state='failed'] .bubble {
    background: color-mix(in srgb, var(--_danger) 12%, var(--_bg));
    color: var(--_fg);
    box-shadow: inset 0 0 0 1px color-mix(in srgb, var(--_danger) 45%, transparent);
  }
  .meta {
    display: flex;
    align-items: center;
    gap: 4px;
    margin: 2px 6px 0;
    color: var(--_muted);
    font-size: 11px;
    font-variant-numeric: tabular-nums;
  }
  .state {
    display: inline-flex;
  }
  .state svg {
    width: 13px;
    height: 13px;
  }
  .state[data-state='sent'],
  .state[data-state='delivered'] {
    color: var(--_muted);
  }
  .state[data-state='read'] {
    color: var(--_accent);
  }
  .gap {
    display: flex;
    align-items: center;
    gap: 8px;
    flex: none;
    padding: 8px 14px;
    border-bottom: 1px solid var(--_border);
    background: color-mix(in srgb, var(--_danger) 8%, var(--_bg));
    color: var(--_fg);
    font-size: 12px;
  }
  .gap svg {
    width: 14px;
    height: 14px;
    flex: none;
    color: var(--_danger);
  }
  .gap span {
    flex: 1;
  }
  .gap .retry {
    color: var(--_danger);
  }
  .state[data-state='failed'] {
    color: var(--_danger);
  }
  .failure {
    display: flex;
    align-items: center;
    gap: 6px;
    margin: 2px 6px 0;
    color: var(--_danger);
    font-size: 12px;
  }
  .failure svg {
    width: 14px;
    height: 14px;
    flex: none;
  }
  .retry {
    padding: 1px 8px;
    border: 1px solid currentColor;
    border-radius: 999px;
    background: transparent;
    color: inherit;
    font-size: 12px;
    font-weight: 600;
    cursor: pointer;
  }
  .retry:hover {
    background: color-mix(in srgb, var(--_danger) 10%, transparent);
  }

  .composer {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    flex: none;
    padding: 10px 12px 12px;
    border-top: 1px solid var(--_border);
  }
  textarea {
    flex: 1;
    min-height: 40px;
    max-height: 140px;
    padding: 9px 14px;
    border: 1px solid var(--_border);
    border-radius: 20px;
    background: var(--_bg);
    line-height: 1.4;
    resize: none;
    overflow-y: auto;
    transition:
      border-color 120ms ease,
      box-shadow 120ms ease;
  }
  textarea:focus {
    outline: none;
    border-color: var(--_accent);
    box-shadow: var(--_focus);
  }
  textarea::placeholder {
    color: var(--_muted);
  }
  .send {
    flex: none;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 40px;
    height: 40px;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-fg);
    cursor: pointer;
    transition:
      background 120ms ease,
      transform 120ms ease;
  }
  .send:hover {
    background: var(--_accent-hover);
  }
  .send:active {
    transform: scale(0.95);
  }
  .send:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .send svg {
    width: 18px;
    height: 18px;
    margin-left: -2px;
  }
  .composer-error {
    flex: none;
    margin: -4px 14px 10px;
    color: var(--_danger);
    font-size: 12px;
  }
`;
