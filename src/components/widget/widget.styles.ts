import { css } from 'lit';

export const styles = css`
  /* Where the widget sits is not the host page's to change: !important here beats
     the page's own !important rules on <chatlet-widget> (the shadow cascade). */
  :host {
    position: fixed !important;
    inset: auto var(--chatlet-offset, 20px) var(--chatlet-offset, 20px) auto !important;
    z-index: var(--chatlet-z-index, 2147483647) !important;
    display: block !important;
    width: 56px !important;
    height: 56px !important;
    min-width: 0 !important;
    min-height: 0 !important;
    max-width: none !important;
    max-height: none !important;
    margin: 0 !important;
    padding: 0 !important;
    border: 0 !important;
    transform: none !important;
    float: none !important;
    clip-path: none !important;
    filter: none !important;
    opacity: 1 !important;
    visibility: visible !important;
    background: none !important;
    overflow: visible !important;
    pointer-events: auto !important;
  }
  :host([hidden]) {
    display: none !important;
  }

  .launcher {
    position: relative;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 56px;
    height: 56px;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-fg);
    box-shadow:
      0 6px 20px color-mix(in srgb, var(--_accent) 40%, transparent),
      0 2px 6px rgb(15 23 42 / 0.15);
    cursor: pointer;
    transition:
      transform 160ms ease,
      background 160ms ease;
  }
  .launcher:hover {
    background: var(--_accent-hover);
    transform: scale(1.05);
  }
  .launcher:focus-visible {
    box-shadow:
      var(--_focus),
      0 6px 20px color-mix(in srgb, var(--_accent) 40%, transparent);
  }
  .launcher-icon {
    display: inline-flex;
    transition: transform 200ms ease;
  }
  .launcher-icon[data-open] {
    transform: rotate(90deg);
  }
  .launcher svg {
    width: 26px;
    height: 26px;
  }
  .launcher-unread {
    position: absolute;
    top: -3px;
    right: -3px;
    min-width: 22px;
    height: 22px;
    padding: 0 6px;
    border: 2px solid var(--_bg);
    border-radius: 11px;
    background: var(--_dnd);
    color: #fff;
    font-size: 11px;
    font-weight: 700;
    line-height: 18px;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }

  .panel {
    position: absolute;
    right: 0;
    bottom: 72px;
    display: flex;
    flex-direction: column;
    width: var(--chatlet-panel-width, 380px);
    height: var(--chatlet-panel-height, 560px);
    max-height: calc(100vh - 112px);
    border-radius: var(--_radius);
    background: var(--_bg);
    box-shadow: var(--_shadow);
    overflow: hidden;
    transform-origin: bottom right;
    animation: chatlet-pop 180ms cubic-bezier(0.2, 0.9, 0.3, 1.2);
  }
  @keyframes chatlet-pop {
    from {
      opacity: 0;
      transform: translateY(8px) scale(0.96);
    }
  }
  @media (max-width: 640px) {
    .panel {
      position: fixed;
      inset: 0;
      width: 100%;
      height: 100%;
      max-height: none;
      border-radius: 0;
    }
    :host([open]) .launcher {
      display: none;
    }
  }

  .panel-header {
    flex: none;
    padding: 14px 12px 12px 16px;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .title-row {
    display: flex;
    align-items: center;
    gap: 4px;
  }
  .me-text {
    flex: 1;
    min-width: 0;
  }
  .title {
    font-size: 16px;
    font-weight: 650;
    line-height: 1.25;
  }
  .jid {
    opacity: 0.85;
    font-size: 12.5px;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .icon-button.on-accent {
    color: var(--_accent-fg);
    opacity: 0.9;
  }
  .icon-button.on-accent:hover {
    background: rgb(255 255 255 / 0.16);
    color: var(--_accent-fg);
    opacity: 1;
  }
  .icon-button.on-accent:focus-visible {
    box-shadow: 0 0 0 2px var(--_accent-fg);
  }

  .status-line {
    flex: none;
    padding: 6px 16px;
    background: color-mix(in srgb, var(--_muted) 12%, var(--_bg));
    color: var(--_muted);
    font-size: 12.5px;
  }
  .status-line[data-status='reconnecting'] {
    background: color-mix(in srgb, var(--_away) 16%, var(--_bg));
    color: color-mix(in srgb, var(--_away) 55%, var(--_fg));
  }
  .status-line[data-status='error'] {
    background: color-mix(in srgb, var(--_danger) 12%, var(--_bg));
    color: var(--_danger);
  }

  .body {
    flex: 1;
    min-height: 0;
    display: flex;
    flex-direction: column;
  }
  .body > :not(.status-line) {
    flex: 1;
    height: auto;
    min-height: 0;
  }
  .back {
    margin-left: -8px;
  }
  .conversation::part(header) {
    padding: 12px 10px 12px 14px;
    border-bottom: none;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  .body > .status-line {
    flex: none;
    order: -1;
  }

  .login {
    display: flex;
    flex-direction: column;
    gap: 14px;
    padding: 24px 20px;
  }
  .login label {
    display: flex;
    flex-direction: column;
    gap: 6px;
    font-weight: 500;
    font-size: 13px;
  }
  .login .input {
    min-height: 40px;
    font-weight: 400;
    font-size: 14px;
  }
  .login-button {
    min-height: 40px;
    margin-top: 4px;
  }
  .error {
    margin: 0;
    padding: 8px 10px;
    border-radius: 8px;
    background: color-mix(in srgb, var(--_danger) 10%, var(--_bg));
    color: var(--_danger);
    font-size: 13px;
  }

  .launcher[data-unavailable] {
    background: var(--_muted);
    box-shadow: 0 2px 6px rgb(15 23 42 / 0.2);
  }

  .notice-page {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 10px;
    padding: 40px 28px;
    color: var(--_muted);
    text-align: center;
  }
  .notice-page p {
    margin: 0;
  }
  .notice-icon svg {
    width: 36px;
    height: 36px;
  }

  .away {
    display: flex;
    flex-direction: column;
    gap: 2px;
    margin: 0 12px 8px;
    padding: 10px 12px;
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_away) 14%, var(--_bg));
    color: var(--_fg);
    font-size: 13px;
  }
  .away .hours {
    color: var(--_muted);
  }

  .greeting {
    margin: 16px 20px 0;
    padding: 10px 14px;
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .login textarea.input {
    resize: vertical;
  }
`;
