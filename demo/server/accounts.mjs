// Demo accounts and rosters, shared by `npm run demo`, the Playwright fixture and the docs.
// Every password is the name followed by "-demo" (alice → alice-demo).

/** The XMPP domain of the demo accounts. */
export const DOMAIN = 'localhost';

/** @param {string} user */
export const demoPassword = (user) => `${user}-demo`;

/** The accounts every server started by the project has (on `localhost`). */
export const DEMO_USERS = ['alice', 'bob', 'carol', 'dave', 'support'];

/** @type {{ user: string, password: string, host: string }[]} */
export const DEMO_ACCOUNTS = DEMO_USERS.map((user) => ({
  user,
  password: demoPassword(user),
  host: DOMAIN,
}));

/**
 * Pre-populated rosters, all subscriptions mutual ("both"). `jid` without a domain means
 * `@localhost`. carol and alice deliberately do not know each other, so the demo can show
 * adding a contact.
 *
 * @type {Record<string, { jid: string, name?: string, groups?: string[], subscription?: string }[]>}
 */
export const DEMO_ROSTERS = {
  alice: [
    { jid: 'bob', name: 'Bob', groups: ['Team'] },
    { jid: 'dave', name: 'Dave', groups: ['Team'] },
    { jid: 'support', name: 'Support', groups: ['Support'] },
  ],
  bob: [
    { jid: 'alice', name: 'Alice', groups: ['Team'] },
    { jid: 'dave', name: 'Dave', groups: ['Team'] },
    { jid: 'support', name: 'Support', groups: ['Support'] },
  ],
  carol: [{ jid: 'support', name: 'Support', groups: ['Support'] }],
  dave: [
    { jid: 'alice', name: 'Alice', groups: ['Team'] },
    { jid: 'bob', name: 'Bob', groups: ['Team'] },
  ],
  support: [
    { jid: 'alice', name: 'Alice', groups: ['Customers'] },
    { jid: 'bob', name: 'Bob', groups: ['Customers'] },
    { jid: 'carol', name: 'Carol', groups: ['Customers'] },
  ],
};

/** Extra contacts for the interactive demo only (tests keep the small rosters above). */
export const EXTRA_FRIENDS = [
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
];

const capital = (/** @type {string} */ s) => s[0].toUpperCase() + s.slice(1);

/**
 * The demo accounts plus `EXTRA_FRIENDS`, each a mutual contact of alice and bob in group
 * "Wider company" (sorted after Team, so the people online come first). Used by `npm run demo` so the contact list looks lived in.
 */
export function demoWithFriends() {
  const accounts = [
    ...DEMO_ACCOUNTS,
    ...EXTRA_FRIENDS.map((user) => ({ user, password: demoPassword(user), host: DOMAIN })),
  ];
  /** @type {typeof DEMO_ROSTERS} */
  const rosters = structuredClone(DEMO_ROSTERS);
  for (const friend of EXTRA_FRIENDS) {
    for (const owner of ['alice', 'bob']) {
      rosters[owner].push({ jid: friend, name: capital(friend), groups: ['Wider company'] });
      rosters[friend] ??= [];
      rosters[friend].push({ jid: owner, name: capital(owner), groups: ['Wider company'] });
    }
  }
  return { accounts, rosters };
}
