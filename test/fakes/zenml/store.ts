/** The fake ZenML server's state: users, service accounts and API keys, and the key checks. */
import type { MicroClock } from './clock.ts';
import { newId, parseUuid } from './ids.ts';
import { decodeApiKey, encodeApiKey, hashSecret, newSecret, secretMatches } from './tokens.ts';

export interface UserRecord {
  id: string;
  name: string;
  passwordHash: string;
  admin: boolean;
  active: boolean;
  created: number;
  updated: number;
}

export interface ServiceAccountRecord {
  id: string;
  name: string;
  description: string;
  fullName: string;
  avatarUrl: string | null;
  active: boolean;
  created: number;
  updated: number;
  /** When set, DELETE answers 403 like an SA that already owns pipelines, secrets, ... */
  ownsResources: boolean;
}

export interface ApiKeyRecord {
  id: string;
  serviceAccountId: string;
  name: string;
  description: string;
  active: boolean;
  created: number;
  updated: number;
  secretHash: string;
  previousSecretHash: string | null;
  retainPeriodMinutes: number;
  lastLogin: number | null;
  lastRotated: number | null;
  /** How many times the key was rotated; also the key generation of 0.9x servers (PR #5025). */
  rotations: number;
}

/** The result of checking an API key string: the key and SA, or the server's failure text. */
export type KeyCheck =
  | { ok: true; key: ApiKeyRecord; serviceAccount: ServiceAccountRecord; generation: number }
  | { ok: false; message: string };

/** In-memory tables plus the operations the routes and the test helpers share. */
export class Store {
  readonly users = new Map<string, UserRecord>();
  readonly serviceAccounts = new Map<string, ServiceAccountRecord>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  readonly clock: MicroClock;
  readonly compactKeys: boolean;

  constructor(clock: MicroClock, compactKeys: boolean) {
    this.clock = clock;
    this.compactKeys = compactKeys;
  }

  /** Adds a human user account. */
  addUser(name: string, password: string, admin: boolean): UserRecord {
    const created = this.clock.nowMicros();
    const user: UserRecord = {
      id: newId(),
      name,
      passwordHash: hashSecret(password),
      admin,
      active: true,
      created,
      updated: this.clock.nowMicros(),
    };
    this.users.set(user.id, user);
    return user;
  }

  /** Whether a password is the user's password (constant time). */
  passwordMatches(user: UserRecord, password: string): boolean {
    return secretMatches(password, user.passwordHash);
  }

  /** Finds a human user by exact name. */
  userByName(name: string): UserRecord | undefined {
    for (const user of this.users.values()) if (user.name === name) return user;
    return undefined;
  }

  /** Creates a service account (the caller checks name uniqueness). */
  createServiceAccount(fields: {
    name: string;
    description: string;
    active: boolean;
    fullName?: string;
    avatarUrl?: string | null;
  }): ServiceAccountRecord {
    const created = this.clock.nowMicros();
    const sa: ServiceAccountRecord = {
      id: newId(),
      name: fields.name,
      description: fields.description,
      fullName: fields.fullName ?? '',
      avatarUrl: fields.avatarUrl ?? null,
      active: fields.active,
      created,
      updated: this.clock.nowMicros(),
      ownsResources: false,
    };
    this.serviceAccounts.set(sa.id, sa);
    return sa;
  }

  /** Finds an SA by exact name (SA names are unique among SAs only). */
  serviceAccountByName(name: string): ServiceAccountRecord | undefined {
    for (const sa of this.serviceAccounts.values()) if (sa.name === name) return sa;
    return undefined;
  }

  /** Resolves an SA the way ZenML does: a UUID-shaped string is always an id, anything else a name. */
  serviceAccountByNameOrId(nameOrId: string): ServiceAccountRecord | undefined {
    const id = parseUuid(nameOrId);
    return id === null ? this.serviceAccountByName(nameOrId) : this.serviceAccounts.get(id);
  }

  /** Deletes an SA and, by cascade, its API keys. */
  deleteServiceAccount(sa: ServiceAccountRecord): void {
    for (const key of this.keysOf(sa)) this.apiKeys.delete(key.id);
    this.serviceAccounts.delete(sa.id);
  }

  /** Lists the keys of one SA. */
  keysOf(sa: ServiceAccountRecord): ApiKeyRecord[] {
    return [...this.apiKeys.values()].filter((key) => key.serviceAccountId === sa.id);
  }

  /** Resolves a key of an SA by name or (UUID-shaped) id. */
  keyByNameOrId(sa: ServiceAccountRecord, nameOrId: string): ApiKeyRecord | undefined {
    const id = parseUuid(nameOrId);
    return this.keysOf(sa).find((key) => (id === null ? key.name === nameOrId : key.id === id));
  }

  /** Creates an API key and returns it with its one-time key string. */
  createApiKey(sa: ServiceAccountRecord, name: string, description: string): { key: ApiKeyRecord; value: string } {
    const secret = newSecret();
    const now = this.clock.nowMicros();
    const key: ApiKeyRecord = {
      id: newId(),
      serviceAccountId: sa.id,
      name,
      description,
      active: true,
      created: now,
      updated: now,
      secretHash: hashSecret(secret),
      previousSecretHash: null,
      retainPeriodMinutes: 0,
      lastLogin: null,
      lastRotated: null,
      rotations: 0,
    };
    this.apiKeys.set(key.id, key);
    return { key, value: encodeApiKey(key.id, secret, this.compactKeys) };
  }

  /** Rotates a key: the current secret becomes the (only) previous one, retained per this rotation. */
  rotateApiKey(key: ApiKeyRecord, retainPeriodMinutes: number): string {
    const secret = newSecret();
    const now = this.clock.nowMicros();
    key.previousSecretHash = key.secretHash;
    key.secretHash = hashSecret(secret);
    key.retainPeriodMinutes = retainPeriodMinutes;
    key.lastRotated = now;
    key.updated = now;
    key.rotations += 1;
    return encodeApiKey(key.id, secret, this.compactKeys);
  }

  /** Whether the previous secret (and, on 0.9x servers, the previous generation) is still accepted. */
  retentionOpen(key: ApiKeyRecord): boolean {
    if (key.lastRotated === null || key.retainPeriodMinutes <= 0) return false;
    return this.clock.nowMicros() - key.lastRotated < key.retainPeriodMinutes * 60_000_000;
  }

  /** Steps 1-3 of ZenML's key check (exists, SA active, key active), without the secret. */
  checkKeyRecord(keyId: string): KeyCheck {
    const key = this.apiKeys.get(keyId);
    const sa = key === undefined ? undefined : this.serviceAccounts.get(key.serviceAccountId);
    if (key === undefined || sa === undefined) return { ok: false, message: `error retrieving API key ${keyId}` };
    if (!sa.active) {
      return { ok: false, message: `service account ${sa.name} associated with API key ${key.name} is not active` };
    }
    if (!key.active) {
      return { ok: false, message: `API key ${key.name} associated with service account ${sa.name} is not active` };
    }
    return { ok: true, key, serviceAccount: sa, generation: key.rotations };
  }

  /** The full login check of a key string, in ZenML's order, with no side effects. */
  checkKeyString(value: string): KeyCheck {
    const decoded = decodeApiKey(value);
    if (decoded === null) return { ok: false, message: 'error decoding API key' };
    const record = this.checkKeyRecord(decoded.id);
    if (!record.ok) return record;
    const { key } = record;
    if (secretMatches(decoded.secret, key.secretHash)) return record;
    const previousMatches = secretMatches(decoded.secret, key.previousSecretHash);
    if (previousMatches && this.retentionOpen(key)) return { ...record, generation: key.rotations - 1 };
    return { ok: false, message: `could not verify key value for API key ${key.name}` };
  }

  /** Records a successful use of a key: ZenML bumps `last_login` and `updated` together. */
  touchKey(key: ApiKeyRecord): void {
    const now = this.clock.nowMicros();
    key.lastLogin = now;
    key.updated = now;
  }
}
