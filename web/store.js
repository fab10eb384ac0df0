// The offline queue's store in the browser: IndexedDB, so edits made offline survive a reload.
const DB = 'scalpel';
const STORE = 'queue';

function open() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const req = work(t.objectStore(STORE));
    t.oncomplete = () => resolve(req?.result);
    t.onerror = () => reject(t.error);
  });
}

/** A QueueStore (scalpel/client) over IndexedDB. */
export const indexedStore = {
  async all() {
    const items = (await tx('readonly', (s) => s.getAll())) ?? [];
    return items.sort((a, b) => a.queuedAt - b.queuedAt);
  },
  put: (item) => tx('readwrite', (s) => s.put(item)),
  delete: (key) => tx('readwrite', (s) => s.delete(key)),
};
