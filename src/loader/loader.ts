// dist/chatlet-loader.js: the tiny first script. It draws the launcher bubble (with the unread
// count from the account's IndexedDB) in a shadow root, and imports the full Chatlet — the ES
// module dist/chatlet-embed.js, handed the same data-* attributes — when the page is idle or at
// the first click, so a site pays for the chat only when it is wanted, and then only for the
// parts its page uses (the module's chunks). Plain DOM: no lit, no XMPP, no idb.

const SVG = 'http://www.w3.org/2000/svg';
/** The launcher's speech bubble, the same path as the widget's. */
const BUBBLE =
  'M12 3C6.5 3 2 6.9 2 11.7c0 2.4 1.1 4.6 3 6.2-.2 1.3-.8 2.5-1.8 3.4-.2.2 0 .6.3.6 1.9 0 3.6-.7 4.9-1.7 1.1.3 2.3.5 3.6.5 5.5 0 10-3.9 10-8.7S17.5 3 12 3Z';

// The widget's launcher, pixel for pixel, so the swap is invisible. Position and size are
// !important: in the shadow cascade that beats even a host page's !important rules.
const STYLES = `
:host{all:initial!important;position:fixed!important;display:block!important;right:var(--chatlet-offset,20px)!important;bottom:var(--chatlet-offset,20px)!important;left:auto!important;top:auto!important;z-index:var(--chatlet-z-index,2147483647)!important;width:56px!important;height:56px!important;margin:0!important;padding:0!important;transform:none!important;visibility:visible!important;opacity:1!important;--_accent:var(--chatlet-accent,#2563eb);--_bg:var(--chatlet-bg,#fff)}
:host([hidden]){display:none!important}
:host([theme=dark]){--_accent:var(--chatlet-accent,#3b82f6);--_bg:var(--chatlet-bg,#0f172a)}
@media (prefers-color-scheme:dark){:host(:not([theme=light])){--_accent:var(--chatlet-accent,#3b82f6);--_bg:var(--chatlet-bg,#0f172a)}}
button{all:initial;box-sizing:border-box;position:relative;display:inline-flex;align-items:center;justify-content:center;width:56px;height:56px;border-radius:50%;background:var(--_accent);color:var(--chatlet-accent-fg,#fff);box-shadow:0 6px 20px color-mix(in srgb,var(--_accent) 40%,transparent),0 2px 6px rgb(15 23 42/.15);cursor:pointer;font:700 11px/18px system-ui,sans-serif}
button:focus-visible{outline:none;box-shadow:0 0 0 3px color-mix(in srgb,var(--_accent) 35%,transparent)}
svg{width:26px;height:26px}
span{position:absolute;top:-3px;right:-3px;min-width:22px;height:22px;padding:0 6px;box-sizing:border-box;border:2px solid var(--_bg);border-radius:11px;background:var(--chatlet-presence-dnd,#ef4444);color:#fff;text-align:center;font-variant-numeric:tabular-nums}
span:empty{display:none}
`;

interface Loader {
  load(open: boolean): void;
}

/** The sum of the unread counts in an account's cache; 0 when there is none. */
function readUnread(account: string): Promise<number> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open(`chatlet:${account.toLowerCase()}`);
    } catch {
      return resolve(0);
    }
    // No database yet: do not create an empty one under the full Chatlet's feet.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(0);
    request.onsuccess = () => {
      const db = request.result;
      try {
        const all = db.transaction('conversations').objectStore('conversations').getAll();
        all.onsuccess = () => {
          db.close();
          resolve(
            (all.result as { unread?: number }[]).reduce((sum, c) => sum + (c.unread ?? 0), 0),
          );
        };
        all.onerror = () => resolve(0);
      } catch {
        db.close();
        resolve(0);
      }
    };
  });
}

function start(script: HTMLScriptElement): Loader {
  performance.mark('chatlet:loader-start');
  const data = script.dataset;
  const zh = (data['locale'] ?? navigator.language).toLowerCase().startsWith('zh');
  const host = document.createElement('chatlet-loader');
  if (data['theme']) host.setAttribute('theme', data['theme']);
  // Through the CSSOM, which a strict style-src allows.
  if (data['accent']) host.style.setProperty('--chatlet-accent', data['accent']);
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(STYLES);
  root.adoptedStyleSheets = [sheet];
  const button = document.createElement('button');
  button.setAttribute('part', 'launcher');
  const label = zh ? '打开聊天' : 'Open chat';
  button.setAttribute('aria-label', label);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('fill', 'currentColor');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', BUBBLE);
  svg.append(path);
  const badge = document.createElement('span');
  badge.setAttribute('part', 'launcher-unread');
  badge.setAttribute('aria-hidden', 'true');
  button.append(svg, badge);
  root.append(button);
  document.body.append(host);
  // For sites and the benchmark: the frame after this one has the bubble on screen.
  requestAnimationFrame(() => setTimeout(() => performance.mark('chatlet:launcher-painted')));

  // Whose unread count to show: the visitor this browser keeps (support), or the account
  // that last logged in here.
  let account: string | null = null;
  let underWay = false;
  try {
    const guest =
      data['anonymous'] !== undefined && data['domain']
        ? (JSON.parse(localStorage.getItem(`chatlet:guest:${data['domain']}`) ?? 'null') as {
            jid?: string;
          } | null)
        : null;
    account = guest?.jid ?? localStorage.getItem('chatlet:last-account');
    // This tab's last page had a session going (its own, or the one its tabs share): carry it
    // on now, not at the next click.
    underWay =
      !!account &&
      (sessionStorage.getItem(`chatlet:sm:${account}`) !== null ||
        sessionStorage.getItem(`chatlet:tab:${account}`) !== null);
  } catch {
    // Storage blocked: no count to show.
  }
  if (account) {
    void readUnread(account).then((unread) => {
      if (!unread || !host.isConnected) return;
      badge.textContent = unread > 99 ? '99+' : String(unread);
      button.setAttribute(
        'aria-label',
        zh ? `${label}，${unread} 条未读` : `${label}, ${unread} unread`,
      );
    });
  }

  let loading = false;
  const load = (open: boolean) => {
    if (loading) {
      if (open) document.querySelector('chatlet-widget')?.setAttribute('open', '');
      return;
    }
    loading = true;
    // The module has no `document.currentScript`: it reads the same data-* attributes from a
    // copy of this tag, never put in the page.
    const tag = document.createElement('script');
    for (const { name, value } of script.attributes) {
      if (name.startsWith('data-') && name !== 'data-src' && name !== 'data-load') {
        tag.setAttribute(name, value);
      }
    }
    if (open) tag.setAttribute('data-open', '');
    tag.setAttribute('data-widget', '');
    const url = new URL(data['src'] ?? 'chatlet-embed.js', script.src).href;
    // A module import is no Trusted Types sink, and `script-src 'self'` allows it from the
    // site's own origin; from another origin it needs CORS (README, "Isolation").
    import(/* @vite-ignore */ url).then(
      (chatlet: Embed) => {
        // The API under the same global as the classic script's.
        (window as { Chatlet?: Embed }).Chatlet ??= chatlet;
        chatlet.start(tag);
        void handOver();
      },
      (error: unknown) => {
        loading = false;
        console.error(`[chatlet] could not load ${url}: check data-src.`, error);
      },
    );
  };

  // Keep the bubble until the real launcher has painted, so nothing blinks.
  const handOver = async () => {
    await customElements.whenDefined('chatlet-widget');
    const widget = document.querySelector('chatlet-widget') as
      (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
    await widget?.updateComplete;
    requestAnimationFrame(() => host.remove());
  };

  button.addEventListener('click', () => {
    button.setAttribute('aria-busy', 'true');
    load(true);
  });
  if (underWay) {
    let open = false;
    try {
      open =
        (JSON.parse(sessionStorage.getItem('chatlet:panel') ?? '{}') as { open?: boolean }).open ===
        true;
    } catch {
      // unreadable: closed
    }
    load(open);
  }
  const when = data['load'] ?? 'idle';
  if (when !== 'idle' && when !== 'interaction') {
    console.error(
      `[chatlet] data-load="${when}" is not one of idle, interaction; loading when idle.`,
    );
  }
  if (when !== 'interaction') {
    const idle = () =>
      'requestIdleCallback' in window
        ? requestIdleCallback(() => load(false), { timeout: 4000 })
        : setTimeout(() => load(false), 1500);
    if (document.readyState === 'complete') idle();
    else addEventListener('load', idle, { once: true });
  }
  return { load };
}

/** What the loader uses of dist/chatlet-embed.js. */
interface Embed {
  start(script: { readonly dataset: DOMStringMap }): void;
}

const current = document.currentScript as HTMLScriptElement | null;
if (current && !document.querySelector('chatlet-loader, chatlet-widget')) {
  if (document.body) start(current);
  else addEventListener('DOMContentLoaded', () => start(current), { once: true });
}
