// The flat list the contact list renders: a header row per group followed
// by its contacts. Pure: takes the roster and presences, returns rows.
import type { Contact, Presence } from '../../store/types.js';
import { displayName } from '../../store/store.js';

/** The group of contacts without a group (the list shows it in its own words). */
export const UNGROUPED = 'Contacts';

/** A group header. */
export interface HeaderRow {
  kind: 'header';
  key: string;
  group: string;
  total: number;
  online: number;
  collapsed: boolean;
}

/** One contact under one group (a contact in two groups has two rows). */
export interface ContactRow {
  kind: 'contact';
  key: string;
  group: string;
  contact: Contact;
  name: string;
  presence: Presence;
  unread: number;
}

export type Row = HeaderRow | ContactRow;

/** What {@link buildRows} needs. */
export interface RowInput {
  contacts: readonly Contact[];
  presenceOf: (jid: string) => Presence;
  unreadOf: (jid: string) => number;
  /** Case-insensitive text matched against name and JID. */
  filter?: string;
  /** Show only this group, without headers. */
  group?: string;
  collapsed?: ReadonlySet<string>;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/**
 * Groups, filters and sorts the roster: groups by name with ungrouped last;
 * within a group, online contacts first, then by name.
 */
export function buildRows(input: RowInput): Row[] {
  const needle = input.filter?.trim().toLowerCase() ?? '';
  const groups = new Map<string, ContactRow[]>();
  for (const contact of input.contacts) {
    const name = displayName(contact);
    if (
      needle &&
      !name.toLowerCase().includes(needle) &&
      !contact.jid.toLowerCase().includes(needle)
    ) {
      continue;
    }
    const presence = input.presenceOf(contact.jid);
    const unread = input.unreadOf(contact.jid);
    const names = contact.groups.length ? contact.groups : [UNGROUPED];
    for (const group of new Set(names)) {
      if (input.group && group !== input.group) continue;
      const row: ContactRow = {
        kind: 'contact',
        key: `${group}\u0000${contact.jid}`,
        group,
        contact,
        name,
        presence,
        unread,
      };
      const list = groups.get(group);
      if (list) list.push(row);
      else groups.set(group, [row]);
    }
  }

  const order = [...groups.keys()].sort((a, b) => {
    if (a === UNGROUPED) return 1;
    if (b === UNGROUPED) return -1;
    return collator.compare(a, b);
  });
  const rows: Row[] = [];
  for (const group of order) {
    const list = groups.get(group)!;
    list.sort((a, b) => {
      const ao = a.presence.show === 'offline' ? 1 : 0;
      const bo = b.presence.show === 'offline' ? 1 : 0;
      return (
        ao - bo || collator.compare(a.name, b.name) || (a.contact.jid < b.contact.jid ? -1 : 1)
      );
    });
    const collapsed = !input.group && (input.collapsed?.has(group) ?? false);
    if (!input.group) {
      rows.push({
        kind: 'header',
        key: `\u0001${group}`,
        group,
        total: list.length,
        online: list.filter((r) => r.presence.show !== 'offline').length,
        collapsed,
      });
    }
    if (!collapsed) rows.push(...list);
  }
  return rows;
}

/** Every group name in the roster, sorted, for the "move to group" suggestions. */
export function groupNames(contacts: readonly Contact[]): string[] {
  const names = new Set<string>();
  for (const contact of contacts) for (const group of contact.groups) names.add(group);
  return [...names].sort(collator.compare);
}
