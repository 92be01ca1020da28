export interface Account {
  user: string;
  password: string;
  host: string;
}

export interface RosterItem {
  /** `name` (means `name@localhost`) or a full bare JID. */
  jid: string;
  name?: string;
  groups?: string[];
  /** Default "both". */
  subscription?: 'both' | 'to' | 'from' | 'none';
  ask?: 'subscribe';
}

export type Rosters = Record<string, RosterItem[]>;

export const DOMAIN: 'localhost';
export function demoPassword(user: string): string;
export const DEMO_USERS: string[];
export const DEMO_ACCOUNTS: Account[];
export const DEMO_ROSTERS: Rosters;
export const EXTRA_FRIENDS: string[];
export function demoWithFriends(): { accounts: Account[]; rosters: Rosters };
