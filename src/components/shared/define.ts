// Registering an element without throwing when Chatlet is on the page twice.

/**
 * Defines a custom element unless the tag is taken; warns when it is taken by
 * a different class (another copy of Chatlet on the page).
 */
export function define(tag: string, element: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (existing) {
    if (existing !== element) {
      console.warn(`chatlet: <${tag}> is already defined on this page; keeping the first one.`);
    }
    return;
  }
  customElements.define(tag, element);
}
