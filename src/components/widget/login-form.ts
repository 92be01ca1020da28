// The widget's login form: the address and password, given to the page's connect(); the
// session it makes becomes the page's default session.
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import {
  defaultConnectOptions,
  defaultSession,
  lastAccount,
  loginConnect,
  loginProblem,
} from '../../default-session.js';
import { localeOf, sayProblem, words } from '../shared/i18n.js';

/**
 * The login form of a widget: renders the form and logs in with it. A failed login keeps the
 * address typed and says why; `onLoggedIn` runs once the session is the page's.
 */
export class LoginForm {
  /** What was typed as the address, kept across re-renders and failed attempts. */
  private jid = lastAccount() ?? '';
  private error = '';
  private busy = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onLoggedIn: () => void,
  ) {}

  /** The form, in the host's language. */
  render(): TemplateResult {
    const locale = localeOf(this.host);
    const w = words(locale);
    return html`<form class="login" part="login" @submit=${this.submit}>
      <label>
        <span>${w.address}</span>
        <input
          class="input"
          name="jid"
          autocomplete="username"
          required
          placeholder="you@example.com"
          ?disabled=${this.busy}
          .value=${this.jid}
          @input=${(e: Event) => {
            this.jid = (e.target as HTMLInputElement).value;
          }}
        />
      </label>
      <label>
        <span>${w.password}</span>
        <input
          class="input"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          ?disabled=${this.busy}
        />
      </label>
      ${
        this.error
          ? html`<p class="error" role="alert">${sayProblem(locale, this.error)}</p>`
          : loginProblem.value
            ? html`<p class="error" role="status">${sayProblem(locale, loginProblem.value)}</p>`
            : nothing
      }
      <button class="button primary login-button" ?disabled=${this.busy}>
        ${this.busy ? w.loggingIn : w.logIn}
      </button>
    </form>`;
  }

  /** Changes what the form shows. */
  private set(change: { jid?: string; error?: string; busy?: boolean }): void {
    Object.assign(this, change);
    this.host.requestUpdate();
  }

  private submit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const jid = String(data.get('jid') ?? '').trim();
    const password = String(data.get('password') ?? '');
    const w = words(localeOf(this.host));
    const base = defaultConnectOptions.value;
    const connect = loginConnect.value;
    if (!base?.service || !connect) {
      this.set({ jid, error: w.noServer });
      return;
    }
    this.set({ jid, busy: true, error: '' });
    try {
      const session = await connect({ ...base, service: base.service, jid, password });
      if (session.status.value === 'error') {
        this.set({ error: session.error.value || w.couldNotLogIn });
      } else {
        defaultSession.value = session;
        loginProblem.value = null;
        this.onLoggedIn();
      }
    } catch (error) {
      this.set({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      this.set({ busy: false });
    }
  };
}
