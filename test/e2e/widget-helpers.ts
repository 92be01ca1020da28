// Page helpers for driving the demo page's <chatlet-widget> like a person would.
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

/** Opens the widget on the demo page and logs in through its form. */
export async function logIn(page: Page, jid: string, password: string, path = '/'): Promise<void> {
  await page.goto(path);
  await submitLogin(page, jid, password);
}

/** Logs in through the widget's form on the page as it is (opening the widget first). */
export async function submitLogin(page: Page, jid: string, password: string): Promise<void> {
  await openWidget(page);
  const form = page.locator('chatlet-widget form.login');
  await form.getByLabel('Address').fill(jid);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await expect(page.locator('chatlet-widget chatlet-contact-list')).toBeVisible();
}

/**
 * Clicks the launcher if the panel is closed, and goes back to the contact list if the panel
 * came back on a conversation (it stays as it was from page to page).
 */
export async function openWidget(page: Page): Promise<void> {
  const widget = page.locator('chatlet-widget');
  await expect(widget).toBeAttached();
  if ((await widget.getAttribute('open')) === null) {
    await widget.locator('[part="launcher"]').click();
  }
  await expect(widget.locator('[part="panel"]')).toBeVisible();
  // Support mode has one conversation and no list to go back to.
  if (await widget.getAttribute('support')) return;
  const content = widget.locator('chatlet-contact-list, chatlet-chat-pane, form.login');
  await expect(content.first()).toBeVisible();
  const back = widget.getByRole('button', { name: 'Back to contacts' });
  if ((await back.count()) > 0) await back.click();
}

/** The contact row of `jid` in the widget's contact list. */
export function contactRow(page: Page, jid: string): Locator {
  return page.locator(`chatlet-widget [part="contact"][data-jid="${jid}"]`).first();
}

/** Opens the conversation with `jid` from the contact list. */
export async function openChat(page: Page, jid: string): Promise<Locator> {
  await contactRow(page, jid).locator('button').first().click();
  const pane = page.locator('chatlet-widget chatlet-chat-pane');
  await expect(pane).toHaveAttribute('jid', jid);
  return pane;
}

/** Types a message in the open chat pane and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const input = page.locator('chatlet-widget chatlet-chat-pane [part="input"]');
  await input.fill(text);
  await input.press('Enter');
  await expect(input).toHaveValue('');
}

/** The rendered messages of the open chat pane. */
export function messages(page: Page): Locator {
  return page.locator('chatlet-widget chatlet-chat-pane [part="message"]');
}

/** Sets the own presence through the widget header. */
export async function setPresence(page: Page, show: string, status: string): Promise<void> {
  const widget = page.locator('chatlet-widget');
  await widget.getByLabel('Your presence').selectOption(show);
  const input = widget.getByLabel('Status message');
  await input.fill(status);
  await input.press('Enter');
  await input.blur();
}
