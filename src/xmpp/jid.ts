// RFC 7622 — JIDs (simplified: no PRECIS/IDNA; localpart and domain are lower-cased)

/** The longest JID accepted, in characters: three parts of 1023 bytes plus two separators. */
export const MAX_JID_LENGTH = 3071;

/** The longest localpart, domainpart or resourcepart accepted, in UTF-8 bytes (RFC 7622 §3). */
export const MAX_PART_BYTES = 1023;

/** The three parts of a JID, as written (not normalised); `local` and `resource` are '' when absent. */
export interface JidParts {
  local: string;
  domain: string;
  resource: string;
}

/**
 * Splits a JID into its parts without validating or normalising them.
 *
 * The resource starts at the first '/', so it may itself contain '/' and '@'
 * (RFC 7622 §3.1); the localpart ends at the first '@' before that.
 */
export function splitJid(jid: string): JidParts {
  const slash = jid.indexOf('/');
  const bare = slash === -1 ? jid : jid.slice(0, slash);
  const resource = slash === -1 ? '' : jid.slice(slash + 1);
  const at = bare.indexOf('@');
  return {
    local: at === -1 ? '' : bare.slice(0, at),
    domain: at === -1 ? bare : bare.slice(at + 1),
    resource,
  };
}

// A single trailing dot on the domain is the same domain (RFC 7622 §3.2).
const normalDomain = (domain: string): string =>
  (domain.endsWith('.') ? domain.slice(0, -1) : domain).toLowerCase();

/** The bare JID (`local@domain`, or just `domain`), lower-cased: 'Bob@Example.COM/phone' → 'bob@example.com'. */
export function bareJid(jid: string): string {
  const { local, domain } = splitJid(jid);
  const d = normalDomain(domain);
  return local === '' ? d : `${local.toLowerCase()}@${d}`;
}

/** The resourcepart of a JID, exactly as written; '' when there is none. */
export function resourceOf(jid: string): string {
  return splitJid(jid).resource;
}

/** The JID in comparable form: lower-cased bare JID, plus '/' and the unchanged resource if there is one. */
export function normalizeJid(jid: string): string {
  const resource = resourceOf(jid);
  return resource === '' ? bareJid(jid) : `${bareJid(jid)}/${resource}`;
}

/** Whether two JIDs name the same account (or server), ignoring resource and case. */
export function sameBare(a: string, b: string): boolean {
  return bareJid(a) === bareJid(b);
}

const utf8 = new TextEncoder();
const bytes = (s: string): number => utf8.encode(s).length;

// Control characters are never allowed; whitespace is refused in the localpart
// and domain. A resource may hold inner spaces: MUC nicknames like 'Ann Lee'
// are resources and RFC 7622's OpaqueString allows them.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const WHITESPACE = /\s/;
// RFC 7622 §3.3.1 forbids these in a localpart.
const LOCAL_FORBIDDEN = /["&'/:<>@]/;
const DOMAIN_FORBIDDEN = /["&'/<>@\\]/;

/**
 * Whether a string is a JID Chatlet will accept.
 *
 * Refuses the empty string, a missing or empty domain ('@x' has an empty
 * localpart, 'a@' an empty domain), an empty resource after '/', whitespace
 * outside the resource, control characters anywhere, characters RFC 7622
 * forbids in a localpart, empty domain labels ('a..b'), more than
 * {@link MAX_JID_LENGTH} characters, and any part over {@link MAX_PART_BYTES} bytes.
 */
export function isValidJid(jid: string): boolean {
  if (jid.length === 0 || jid.length > MAX_JID_LENGTH || CONTROL.test(jid)) return false;
  const slash = jid.indexOf('/');
  const bare = slash === -1 ? jid : jid.slice(0, slash);
  const { local, domain, resource } = splitJid(jid);
  if (bare.includes('@')) {
    if (local === '' || bytes(local) > MAX_PART_BYTES) return false;
    if (WHITESPACE.test(local) || LOCAL_FORBIDDEN.test(local)) return false;
  }
  if (slash !== -1 && (resource === '' || bytes(resource) > MAX_PART_BYTES)) return false;
  return isValidDomain(domain);
}

function isValidDomain(domain: string): boolean {
  const d = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  if (d === '' || bytes(d) > MAX_PART_BYTES) return false;
  if (WHITESPACE.test(d) || DOMAIN_FORBIDDEN.test(d)) return false;
  // An IPv6 literal is written in brackets (RFC 7622 §3.2).
  if (d.startsWith('[')) return /^\[[0-9a-fA-F:.]+\]$/.test(d);
  return d
    .split('.')
    .every((label) => label !== '' && !label.includes('[') && !label.includes(']'));
}
