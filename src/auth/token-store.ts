/** Every role, in one place. Routes list the roles they admit. */
export const ROLES = ['admin', 'officer', 'auditor'] as const;

/**
 * `admin` runs the appliance (queue, tokens) and may read mail; `officer` searches and reads mail;
 * `auditor` reads single messages and the audit trail but cannot search.
 */
export type Role = (typeof ROLES)[number];

/** Who is calling, as established from a verified bearer token. */
export interface Principal {
  tokenId: string;
  /** Human-chosen label; recorded as the actor in the audit log. */
  name: string;
  role: Role;
}

/**
 * The API token port. Only a hash of each token is ever stored, so a copy of the database does
 * not grant access.
 */
export interface TokenStore {
  /** The principal for a presented bearer token, or null when it is unknown or malformed. */
  verify(bearer: string): Promise<Principal | null>;
  /** Mint a new token. The returned `token` is the only time the secret exists in clear. */
  create(name: string, role: Role): Promise<{ id: string; token: string }>;
  count(): Promise<number>;
  /** Every token's id, label, role and creation time (never the secret, which is not stored). */
  list(): Promise<TokenInfo[]>;
  /** Delete a token; true when it existed. Requests bearing it fail from then on. */
  revoke(id: string): Promise<boolean>;
}

export interface TokenInfo {
  id: string;
  name: string;
  role: string;
  createdAt: string;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
