// Everything the phone keeps lives here, in IndexedDB: form definitions, submissions in every
// state (draft, outbox, sent, returned), settings, and the bytes of photos, signatures and
// documents. Never in the service worker's cache, which a new app version throws away.

const DB_NAME = 'tambon';
const DB_VERSION = 2;

let opening = null;

export function openDb() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = (event) => {
        const db = request.result;
        if (event.oldVersion < 1) {
          db.createObjectStore('forms', { keyPath: ['form_id', 'version'] });
          const subs = db.createObjectStore('subs', { keyPath: 'uuid' });
          subs.createIndex('state', 'state');
          db.createObjectStore('meta');
        }
        // Attachments: {sha256, blob, name, type, size, stored_at, uploaded_at?}, by their hash.
        // and the submissions whose files the server still needs, by the hashes it needs.
        if (event.oldVersion < 2) {
          db.createObjectStore('files', { keyPath: 'sha256' });
          request.transaction.objectStore('subs').createIndex('files_waiting', 'files_waiting', { multiEntry: true });
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another tab is upgrading the schema: let it, and reopen next time.
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = () => { opening = null; reject(request.error); };
      request.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab'));
    });
  }
  return opening;
}

function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Run `work(stores)` in one transaction; resolves with its result once the data is committed. */
async function inTx(names, mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode, { durability: 'strict' });
    const stores = Object.fromEntries([names].flat().map((name) => [name, tx.objectStore(name)]));
    let result;
    Promise.resolve(work(stores)).then((value) => { result = value; }, (err) => { tx.abort(); reject(err); });
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
}

export const getMeta = (key) => inTx('meta', 'readonly', ({ meta }) => done(meta.get(key)));
export const setMeta = (key, value) => inTx('meta', 'readwrite', ({ meta }) => { meta.put(value, key); });
export const deleteMeta = (key) => inTx('meta', 'readwrite', ({ meta }) => { meta.delete(key); });

export const putForm = (record) => inTx('forms', 'readwrite', ({ forms }) => { forms.put(record); });
export const getForm = (formId, version) =>
  inTx('forms', 'readonly', ({ forms }) => done(forms.get([formId, String(version)])));
export const listForms = () => inTx('forms', 'readonly', ({ forms }) => done(forms.getAll()));

/** Mark which (form_id, version) pairs are current; the others stay for drafts that use them. */
export const setCurrentForms = (currentKeys) => inTx('forms', 'readwrite', async ({ forms }) => {
  const wanted = new Set(currentKeys);
  for (const record of await done(forms.getAll())) {
    const current = wanted.has(`${record.form_id}\u0000${record.version}`);
    if (record.current !== current) forms.put({ ...record, current });
  }
});

export const getSub = (uuid) => inTx('subs', 'readonly', ({ subs }) => done(subs.get(uuid)));
export const putSub = (record) => inTx('subs', 'readwrite', ({ subs }) => { subs.put(record); });
export const deleteSub = (uuid) => inTx('subs', 'readwrite', ({ subs }) => { subs.delete(uuid); });

/** Change many submissions in one transaction: `change(record)` returns the new record or null. */
export const updateSubs = (uuids, change) => inTx('subs', 'readwrite', async ({ subs }) => {
  const records = await Promise.all(uuids.map((uuid) => done(subs.get(uuid))));
  records.forEach((record, i) => {
    const next = change(record, uuids[i]);
    if (next) subs.put(next);
  });
});

export const listSubs = (state) => inTx('subs', 'readonly', ({ subs }) =>
  done(state ? subs.index('state').getAll(state) : subs.getAll()));

export const countSubs = (state) => inTx('subs', 'readonly', ({ subs }) =>
  done(subs.index('state').count(state)));

/** Forget every submission, file and setting (sign out); form definitions stay for the next user. */
export const clearAccount = () => inTx(['subs', 'meta', 'files'], 'readwrite', ({ subs, meta, files }) => {
  subs.clear();
  meta.clear();
  files.clear();
});

/** The submissions whose receipts named files the server still needs (any state). */
export const listWaitingForFiles = () => inTx('subs', 'readonly', async ({ subs }) => {
  const uuids = new Set(await done(subs.index('files_waiting').getAllKeys()));
  return Promise.all([...uuids].map((uuid) => done(subs.get(uuid))));
});

export const getFile = (sha256) => inTx('files', 'readonly', ({ files }) => done(files.get(sha256)));
/** Keep a file; one already kept under that hash is the same bytes and keeps its upload mark. */
export const addFile = (record) => inTx('files', 'readwrite', async ({ files }) => {
  if (!(await done(files.getKey(record.sha256)))) files.put(record);
});
/** Note something about a kept file (`upload_started`, `uploaded_at`); its bytes stay as they are. */
export const updateFile = (sha256, changes) => inTx('files', 'readwrite', async ({ files }) => {
  const record = await done(files.get(sha256));
  if (record) files.put({ ...record, ...changes });
});
/** Every file's record without its bytes' contents being read (a Blob is only a handle). */
export const listFiles = () => inTx('files', 'readonly', ({ files }) => done(files.getAll()));
export const deleteFiles = (hashes) => inTx('files', 'readwrite', ({ files }) => {
  for (const sha256 of hashes) files.delete(sha256);
});
