// Whether the widget's panel is open, and on which conversation, from one page of a tab to the
// next (sessionStorage: per tab, kept across same-tab navigations).

/** Where the state is kept. */
const PANEL_KEY = 'chatlet:panel';

/** The panel's state as the last page of this tab left it. */
export function readPanel(): { open: boolean; selected: string } | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(PANEL_KEY) ?? 'null') as {
      open?: unknown;
      selected?: unknown;
    } | null;
    if (!value) return null;
    return {
      open: value.open === true,
      selected: typeof value.selected === 'string' ? value.selected : '',
    };
  } catch {
    return null;
  }
}

/** Keeps the panel's state for the next page of this tab. */
export function writePanel(state: { open: boolean; selected: string }): void {
  try {
    sessionStorage.setItem(PANEL_KEY, JSON.stringify(state));
  } catch {
    // Storage blocked: the next page starts with the panel closed.
  }
}
