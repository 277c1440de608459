/**
 * Messages written without a connection (browser only): kept in IndexedDB until the service
 * worker (public/sw.js) sends them with Background Sync. Each carries its clientId, so a replay
 * whose answer was lost is sent again without making a second message. Database, store and tag
 * names are shared with public/sw.js.
 */
const DB = 'dualcontrol-messages';
const STORE = 'messages';
export const MESSAGE_SYNC_TAG = 'messages';

export type QueuedMessage = {
  clientId: string;
  threadId: string;
  owner: string;
  body: string;
  savedAt: number;
  status: 'pending' | 'failed' | 'signed-out';
  detail?: string;
};

/** What the worker posts to pages after each replay. */
export type MessageReport = {
  type: 'message';
  clientId: string;
  threadId: string;
  status: 'sent' | QueuedMessage['status'];
  detail?: string;
};

export const messageOutboxUsable = () =>
  typeof window !== 'undefined' &&
  'serviceWorker' in navigator &&
  'indexedDB' in window &&
  Boolean(navigator.serviceWorker.controller);

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'clientId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const queueMessage = (m: QueuedMessage) => run('readwrite', (s) => s.put(m)).then(() => {});
export const dropQueued = (clientId: string) => run('readwrite', (s) => s.delete(clientId)).then(() => {});
/** This person's queued messages for one conversation, oldest first. */
export const queuedFor = async (owner: string, threadId: string) =>
  (await run<QueuedMessage[]>('readonly', (s) => s.getAll() as IDBRequest<QueuedMessage[]>))
    .filter((m) => m.owner === owner && m.threadId === threadId)
    .sort((a, b) => a.savedAt - b.savedAt);

/** Background Sync when the browser has it (Chromium: at once if online, else when it returns); a nudge otherwise. */
export async function requestMessageReplay(): Promise<void> {
  const registration = await navigator.serviceWorker.ready;
  const sync = (
    registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }
  ).sync;
  if (sync) await sync.register(MESSAGE_SYNC_TAG).catch(() => undefined);
  registration.active?.postMessage({ type: 'replay-messages' });
}
