// Lists on the phone (PROTOCOL.md "Lists"): the choices that live outside forms, kept in an
// IndexedDB database of their own and fetched again only when their hash changed; and the
// in-memory index a picker searches: every item's normalised search key built once when the
// list is loaded, so typing part of a name among 7,451 sub-districts is a scan of short strings.

import { apply, truthy } from './jsonlogic.js';
import { label } from './i18n.js';

const DB_NAME = 'tambon-lists';
const DB_VERSION = 1;
let opening = null;

function openDb() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        request.result.createObjectStore('lists', { keyPath: 'list_id' });
        request.result.createObjectStore('meta');
      };
      request.onsuccess = () => {
        request.result.onversionchange = () => { request.result.close(); opening = null; };
        resolve(request.result);
      };
      request.onerror = () => { opening = null; reject(request.error); };
    });
  }
  return opening;
}

async function tx(names, mode, work) {
  const db = await openDb();
  return new Promise((resolve, reject) => {
    const t = db.transaction(names, mode);
    const stores = Object.fromEntries([names].flat().map((n) => [n, t.objectStore(n)]));
    let result;
    Promise.resolve(work(stores)).then((value) => { result = value; }, (err) => { t.abort(); reject(err); });
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error || new Error('transaction aborted'));
  });
}

const req = (request) => new Promise((resolve, reject) => {
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});

export const getStored = (listId) => tx('lists', 'readonly', ({ lists }) => req(lists.get(listId)));
export const putStored = (record) => tx('lists', 'readwrite', ({ lists }) => { lists.put(record); });
const getMeta = (key) => tx('meta', 'readonly', ({ meta }) => req(meta.get(key)));
const setMeta = (key, value) => tx('meta', 'readwrite', ({ meta }) => { meta.put(value, key); });

/** Forget every list and roster (signing out: rosters hold people's names). */
export const clearLists = () => tx(['lists', 'meta'], 'readwrite', ({ lists, meta }) => {
  lists.clear();
  meta.clear();
  memory.clear();
});

// --- which lists the forms use -----------------------------------------------------------------

/** The list ids the fields read (`choices_from`), groups and repeats included. */
export function usedLists(fields, out = new Set()) {
  for (const field of fields || []) {
    if (field.choices_from) out.add(field.choices_from);
    if (field.fields) usedLists(field.fields, out);
  }
  return out;
}

// --- fetching ----------------------------------------------------------------------------------

/**
 * Bring the lists the forms use up to date: the listing with its ETag (304 when nothing
 * changed), then each used list whose hash differs from the kept copy. Returns the ids fetched.
 */
export async function refreshLists(api, definitions) {
  const wanted = new Set();
  for (const definition of definitions) usedLists(definition.fields, wanted);
  if (!wanted.size) return [];
  const etag = await getMeta('etag');
  const reply = await api.request('GET', '/lists', { headers: etag ? { 'If-None-Match': etag } : {} });
  const entries = reply.status === 304 ? await getMeta('entries') || [] : reply.data.lists;
  const fetched = [];
  for (const entry of entries) {
    if (!wanted.has(entry.list_id)) continue;
    const kept = await getStored(entry.list_id);
    if (kept && kept.hash === entry.hash) continue;
    // A kept copy asks only for what changed after its version: a roster of 5,000 people that
    // gained three costs three items, not 5,000.
    const since = kept && Number.isInteger(kept.version) ? `?since=${kept.version}` : '';
    const one = await api.request('GET', `/lists/${encodeURIComponent(entry.list_id)}${since}`);
    // A reply without `since` is the whole list (the server could not answer from that version).
    const whole = one.data.since === undefined;
    await putStored({ ...(whole ? one.data : merged(kept, one.data)), hash: entry.hash, fetched_at: new Date().toISOString() });
    memory.delete(entry.list_id);
    fetched.push(entry.list_id);
  }
  if (reply.status !== 304) {
    await setMeta('entries', entries);
    const next = reply.headers.get('ETag');
    if (next) await setMeta('etag', next);
  }
  return fetched;
}

/** A kept list with the items changed since its version laid over it (by value; new ones at the end). */
export function merged(kept, changes) {
  const items = kept.items.slice();
  const at = new Map(items.map((item, i) => [item.value, i]));
  for (const item of changes.items || []) {
    const i = at.get(item.value);
    if (i === undefined) { at.set(item.value, items.length); items.push(item); } else items[i] = item;
  }
  const { since, ...rest } = changes;
  return { ...kept, ...rest, items };
}

// --- the in-memory index -----------------------------------------------------------------------

const memory = new Map(); // list_id -> index

const PREFIXES = /^(จังหวัด|อำเภอ|ตำบล|แขวง|เขต|กิ่งอำเภอ|จ\.|อ\.|ต\.)\s*/;

/** What a search compares: lower case, composed, no spaces, no "ตำบล"/"จ." in front. */
export function normalise(text) {
  return String(text ?? '').normalize('NFC').toLowerCase().replace(/\s+/g, '').replace(PREFIXES, '');
}

/** An index over a list's items: by value, and each item's search key (Thai, English, value). */
export function indexList(record) {
  const items = record.items || [];
  const keys = new Array(items.length);
  const byValue = new Map();
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i];
    const names = typeof item.label === 'object' && item.label ? Object.values(item.label) : [item.label];
    keys[i] = `${names.map(normalise).join('\u0001')}\u0001${normalise(item.value)}`;
    byValue.set(item.value, item);
  }
  return { id: record.list_id, version: record.version, items, keys, byValue };
}

/** Load (once) every list `definition` uses into memory; a list not on the phone yet is empty. */
export async function loadLists(definition) {
  for (const id of usedLists(definition.fields)) {
    if (memory.has(id)) continue;
    const record = await getStored(id);
    memory.set(id, indexList(record || { list_id: id, items: [] }));
  }
}

/** Put a list straight into memory (what loadLists does after reading IndexedDB). */
export function remember(record) {
  const index = indexList(record);
  memory.set(record.list_id, index);
  return index;
}

/** The index of a field's choices: its list, or its inline `choices`. */
export function choiceIndex(field) {
  if (field.choices_from) return memory.get(field.choices_from) || indexList({ list_id: field.choices_from, items: [] });
  if (!field._index) Object.defineProperty(field, '_index', { value: indexList({ list_id: '', items: field.choices || [] }) });
  return field._index;
}

const filters = new WeakMap(); // field -> {key, offered}

/** Whether `item` passes the field's `choice_filter` with these answers (`item` beside them). */
export function passes(field, item, data) {
  if (field.choice_filter === undefined) return true;
  try {
    return truthy(apply(field.choice_filter, { ...data, item }));
  } catch {
    return false;
  }
}

/** The items offered now: not retired, and passing the filter; cached until the answers it reads change. */
export function offered(field, data) {
  const index = choiceIndex(field);
  const key = field.choice_filter === undefined ? '' : JSON.stringify(readsOf(field.choice_filter, data));
  const cached = filters.get(field);
  if (cached && cached.key === key && cached.index === index) return cached.offered;
  const keep = [];
  const scratch = { ...data, item: null };
  for (let i = 0; i < index.items.length; i += 1) {
    const item = index.items[i];
    if (item.retired) continue;
    if (field.choice_filter !== undefined) {
      scratch.item = item;
      let ok = false;
      try { ok = truthy(apply(field.choice_filter, scratch)); } catch { ok = false; }
      if (!ok) continue;
    }
    keep.push(i);
  }
  const result = { index, positions: keep };
  filters.set(field, { key, index, offered: result });
  return result;
}

/** The answers a filter reads (its `var`s other than `item.…`), for the cache key. */
function readsOf(rule, data, out = []) {
  if (Array.isArray(rule)) { for (const part of rule) readsOf(part, data, out); return out; }
  if (rule && typeof rule === 'object') {
    for (const [op, args] of Object.entries(rule)) {
      if (op === 'var') {
        const name = Array.isArray(args) ? args[0] : args;
        if (typeof name === 'string' && name !== 'item' && !name.startsWith('item.')) out.push([name, apply({ var: name }, data)]);
      } else readsOf(args, data, out);
    }
  }
  return out;
}

/** Up to `limit` offered items whose key holds the typed text, those starting with it first. */
export function search(found, query, limit = 50) {
  const q = normalise(query);
  const { index, positions } = found;
  if (!q) return positions.slice(0, limit).map((i) => index.items[i]);
  const starts = [];
  const inside = [];
  for (const i of positions) {
    const at = index.keys[i].indexOf(q);
    if (at === -1) continue;
    const bucket = at === 0 || index.keys[i][at - 1] === '\u0001' ? starts : inside;
    if (bucket.length < limit) bucket.push(index.items[i]);
    if (starts.length >= limit) break;
  }
  return [...starts, ...inside].slice(0, limit);
}

/** The item a value names (retired ones too: old answers still read as names). */
export function itemOf(field, value) {
  return choiceIndex(field).byValue.get(value) || null;
}

export const itemLabel = (item) => (item ? label(item.label, String(item.value)) : '');

// --- checks, as the server's forms/links.py makes them --------------------------------------------

/** A list item's value: what `choices_from` answers look like before the list is consulted. */
export const LIST_VALUE = /^[A-Za-z0-9_\-.]{1,64}$/;

/**
 * Why a select's answer does not fit its list or its `choice_filter` with these answers, as
 * {code, params} of the catalog, or null. A list this phone does not hold yet is not judged
 * (the server will be); a retired item is not offered by the phone but is accepted in an
 * answer (docs/client.md, "Lists on the phone").
 */
export function listProblem(field, value, data) {
  if (!field.choices_from && field.choice_filter === undefined) return null;
  const index = choiceIndex(field);
  if (field.choices_from && !index.items.length) return null;
  for (const chosen of Array.isArray(value) ? value : [value]) {
    const item = index.byValue.get(chosen);
    if (!item) {
      if (field.choices_from) return { code: 'list_choice_unknown', params: { list: field.choices_from, value: chosen } };
      continue; // an inline choice that does not exist is the type check's to say
    }
    if (!passes(field, item, data)) return { code: 'choice_filtered', params: { value: chosen } };
  }
  return null;
}

/** Drop a list from memory, so that the next form reads the kept copy again. */
export function forget(listId) {
  memory.delete(listId);
}
