// What only a signed-in account's widget shows: the panel header with the own address, presence
// and status, and the login form before there is a session. A support visitor never sees them,
// so in the loader's build they come in the chunk of the contact list (account-view.lazy.ts).
import { css, html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Session } from '../../api.js';
import type { Show } from '../../store/types.js';
import { localeOf, words } from '../shared/i18n.js';
import { logoutIcon } from '../shared/icons.js';
import { localPart } from '../shared/session.js';
import { LoginForm } from './login-form.js';

const SHOWS: readonly Exclude<Show, 'offline'>[] = ['online', 'chat', 'away', 'xa', 'dnd'];

/** What the account view needs of its widget. */
export interface AccountParts {
  /** The panel's close button, the same in every header. */
  readonly closeButton: () => TemplateResult;
  /** Runs once the login form's session is the page's. */
  readonly onLoggedIn: () => void;
}

/** The account's header and login form of one widget, with the styles they need. */
export class AccountView {
  /** Styles to add to the widget's shadow root. */
  static readonly styles = css`
    .me {
      flex: 1;
      min-width: 0;
      display: flex;
      align-items: center;
      gap: 10px;
    }
    .me-avatar {
      position: relative;
      flex: none;
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 36px;
      height: 36px;
      border-radius: 50%;
      background: rgb(255 255 255 / 0.2);
      font-weight: 600;
    }
    .me-avatar .dot {
      position: absolute;
      right: -1px;
      bottom: -1px;
      width: 10px;
      height: 10px;
      border: 2px solid var(--_accent);
      box-sizing: content-box;
    }
    .me-avatar .dot[data-show='offline'] {
      background: var(--_accent);
    }

    .presence-row {
      display: flex;
      gap: 6px;
      margin-top: 12px;
    }
    .show-select,
    .status-input {
      height: 32px;
      border: 1px solid rgb(255 255 255 / 0.3);
      border-radius: 8px;
      /* Darker than the header, not lighter: white text keeps its contrast. */
      background: rgb(15 23 42 / 0.2);
      color: var(--_accent-fg);
      font-size: 13px;
    }
    .show-select {
      flex: none;
      padding: 0 8px;
      cursor: pointer;
    }
    .show-select option {
      color: #0f172a;
      background: #fff;
    }
    .status-input {
      flex: 1;
      min-width: 0;
      padding: 0 10px;
    }
    .status-input::placeholder {
      color: var(--_accent-fg);
      opacity: 0.7;
    }
    .show-select:focus,
    .status-input:focus {
      outline: none;
      background: rgb(15 23 42 / 0.3);
      border-color: rgb(255 255 255 / 0.6);
    }
  `;

  private readonly loginForm: LoginForm;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly parts: AccountParts,
  ) {
    this.loginForm = new LoginForm(host, parts.onLoggedIn);
  }

  /** The login form. */
  renderLogin(): TemplateResult {
    return this.loginForm.render();
  }

  /** The panel header above the contact list: who is signed in, their presence and status. */
  renderHeader(session: Session): TemplateResult {
    const w = words(localeOf(this.host));
    const own = session.ownPresence.value;
    const jid = session.jid.value ?? '';
    return html`<header class="panel-header" part="panel-header">
      <div class="title-row">
        <div class="me">
          <span class="me-avatar" aria-hidden="true">
            ${(localPart(jid) || '?').slice(0, 1).toUpperCase()}
            <span class="dot" data-show=${own.show}></span>
          </span>
          <div class="me-text">
            <div class="title">${w.chats}</div>
            <div class="jid" title=${jid}>${jid || w.connecting}</div>
          </div>
        </div>
        <button
          class="icon-button on-accent"
          aria-label=${w.logOut}
          title=${w.logOut}
          @click=${() => void session.logout()}
        >
          ${logoutIcon}
        </button>
        ${this.parts.closeButton()}
      </div>
      <div class="presence-row">
        <label class="visually-hidden" for="show">${w.yourPresence}</label>
        <select
          id="show"
          class="show-select"
          .value=${own.show}
          @change=${(e: Event) => {
            const show = (e.target as HTMLSelectElement).value as Exclude<Show, 'offline'>;
            void session.setPresence(show, own.status);
          }}
        >
          ${SHOWS.map(
            (show) =>
              html`<option value=${show} ?selected=${show === own.show}>${w.shows[show]}</option>`,
          )}
        </select>
        <label class="visually-hidden" for="status-text">${w.statusMessage}</label>
        <input
          id="status-text"
          class="status-input"
          placeholder=${w.statusPlaceholder}
          .value=${own.status ?? ''}
          @change=${(e: Event) => {
            const status = (e.target as HTMLInputElement).value.trim();
            void session.setPresence(own.show, status || undefined);
          }}
        />
      </div>
    </header>`;
  }
}
