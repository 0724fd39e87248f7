import { Pool } from '../../core/pool.js';
import type { Logger } from '../../core/logger.js';
import type { ZenmlClient } from '../../zenml/client.js';
import { ZenmlError } from '../../zenml/errors.js';
import type { ApiKey, ServiceAccount } from '../../zenml/models.js';

/**
 * Requests in flight at once while reading a server. With a 50 ms round trip, 8 read 500 accounts in about
 * 3 s; more would mostly load the server (ZenML answers from a small thread pool) for little gain.
 */
export const AUDIT_CONCURRENCY = 8;

/** Pages of 100 (ZenML allows up to 10,000): small answers, and the fake pages the same way. */
export const AUDIT_PAGE_SIZE = 100;

/** A server claiming more pages than this is lying or far beyond what one job should read (100,000 records). */
const MAX_PAGES = 1_000;

/** Every service account with its keys, in the server's order (oldest first). */
export interface Inventory {
  readonly accounts: ReadonlyArray<{ readonly account: ServiceAccount; readonly keys: readonly ApiKey[] }>;
  /** Requests made (for the bench and the log). */
  readonly requests: number;
}

/**
 * Reads every service account and every key: the first page of accounts, then the other pages and each
 * account's keys through one pool, so that the pool stays full from the first answer on. GETs are retried
 * by the transport; the first failure that remains stops the queue and fails the read, because an audit
 * that silently skipped accounts would report a clean server. An account deleted while it is read (404 on
 * its keys) is left out.
 */
export async function readInventory(zenml: ZenmlClient, logger: Logger, options: { concurrency?: number; pageSize?: number } = {}): Promise<Inventory> {
  const pool = new Pool(options.concurrency ?? AUDIT_CONCURRENCY);
  const size = options.pageSize ?? AUDIT_PAGE_SIZE;
  let requests = 0;
  let failure: { error: unknown } | undefined;
  const pending: Promise<void>[] = [];
  // Slots by page, then by position: the report keeps the server's order whatever order answers come in.
  const pages: Array<Array<{ account: ServiceAccount; keys: ApiKey[] | undefined }>> = [];
  const seen = new Set<string>();

  const schedule = (task: () => Promise<void>) => {
    const run = pool.run(async () => {
      if (failure) return;
      try {
        requests++;
        await task();
      } catch (error) {
        failure ??= { error };
      }
    });
    pending.push(run);
  };

  const readKeys = (slot: { account: ServiceAccount; keys: ApiKey[] | undefined }) => {
    const keys: ApiKey[] = [];
    slot.keys = keys;
    const take = (page: number) => async () => {
      try {
        const answer = await zenml.apiKeysPage(slot.account, page, size);
        keys.push(...answer.items);
        if (page === 1) {
          checkPages(answer.totalPages, `API keys of service account '${slot.account.name}'`);
          for (let next = 2; next <= answer.totalPages; next++) schedule(take(next));
        }
      } catch (error) {
        if (!(error instanceof ZenmlError && error.status === 404)) throw error;
        logger.warning(`service account '${slot.account.name}' disappeared while it was read: left out of the audit`);
        slot.keys = undefined;
      }
    };
    schedule(take(1));
  };

  const readAccounts = (page: number) => async () => {
    const answer = await zenml.serviceAccountsPage(page, size);
    const slots: Array<{ account: ServiceAccount; keys: ApiKey[] | undefined }> = [];
    pages[page - 1] = slots;
    if (page === 1) {
      checkPages(answer.totalPages, 'service accounts');
      for (let next = 2; next <= answer.totalPages; next++) schedule(readAccounts(next));
    }
    for (const account of answer.items) {
      // Pages shift when accounts are made or deleted meanwhile: an account seen twice is read once.
      if (seen.has(account.id)) continue;
      seen.add(account.id);
      const slot = { account, keys: undefined as ApiKey[] | undefined };
      slots.push(slot);
      readKeys(slot);
    }
  };

  schedule(readAccounts(1));
  // New tasks are queued while earlier ones run: wait until no more appear.
  let done = 0;
  while (done < pending.length) {
    const batch = pending.slice(done);
    done = pending.length;
    await Promise.all(batch);
  }
  if (failure) throw failure.error;
  const accounts = pages.flat().flatMap((slot) => (slot.keys ? [{ account: slot.account, keys: sortByCreated(slot.keys) }] : []));
  return { accounts, requests };
}

function checkPages(totalPages: number, what: string): void {
  if (totalPages > MAX_PAGES) {
    throw new Error(`the server lists ${totalPages} pages of ${what}, more than the ${MAX_PAGES} an audit reads (${MAX_PAGES * AUDIT_PAGE_SIZE} records)`);
  }
}

function sortByCreated(keys: ApiKey[]): ApiKey[] {
  return keys.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : a.id < b.id ? -1 : 1));
}
