// Sync: push the outbox, then pull review decisions and form changes, then refresh the forms.
//
// Only the server's per-item receipts move a submission out of the outbox; a batch whose
// reply never arrived is sent again under the same batch_id, and since every item keeps its
// uuid and frozen payload, the server answers `duplicate` for what it already stored.

import { Api, ApiError } from './api.js';
import * as db from './db.js';
import { refreshLists } from './lists.js';
import { localIso } from './submissions.js';
import { uploadWaiting } from './uploads.js';
import { APP_VERSION } from './version.js';

const FIRST_BATCH = 100;
const MAX_ATTEMPTS = 6;
const MAX_WAIT_S = 60;

/**
 * The connection this phone was given when it connected, or null before that. `rejected` is
 * true once the server refused its token (revoked, or the account disabled): the phone then
 * asks to be connected again and keeps every unsent item meanwhile.
 */
export async function account() {
  const [server, token, user, rejected] = await Promise.all(
    [db.getMeta('server'), db.getMeta('token'), db.getMeta('user'), db.getMeta('token_rejected')]);
  return server && token ? { server, token, user, rejected: Boolean(rejected) } : null;
}

/** Items the server has not acknowledged: drafts, the outbox, what was sent back, and sent
 * items whose files have not all reached it (signing out must not drop those files). */
export async function unsentCount() {
  const counts = await Promise.all(['draft', 'outbox', 'returned'].map((state) => db.countSubs(state)));
  const sentWaiting = (await db.listWaitingForFiles()).filter((record) => record.state === 'sent').length;
  return counts.reduce((a, b) => a + b, sentWaiting);
}

/** What the phone tells the server about itself on every push and pull (docs/protocol.md). */
async function deviceReport() {
  return { 'Tambon-App-Version': APP_VERSION, 'Tambon-Unsent': String(await unsentCount()), 'Tambon-Clock': localIso() };
}

async function client() {
  const acc = await account();
  if (!acc) throw new ApiError(401, 'not_connected', 'this phone is not connected yet');
  return new Api(acc.server, `Bearer ${acc.token}`);
}

/** Keep a connection: the token, who it belongs to, and a random id for this install. */
export async function connect(server, token, me) {
  await db.setMeta('server', server.replace(/\/+$/, ''));
  await db.setMeta('token', token);
  await db.setMeta('user', me);
  await db.deleteMeta('token_rejected');
  if (!(await db.getMeta('install_id'))) await db.setMeta('install_id', crypto.randomUUID());
}

// --- push -----------------------------------------------------------------------------------

function envelope(batchId, deviceId, records) {
  return {
    batch_id: batchId,
    device_id: deviceId,
    sent_at: localIso(),
    submissions: records.map((r) => ({
      uuid: r.uuid,
      form_id: r.form_id,
      form_version: r.form_version,
      base_rev: r.base_rev,
      created_at: r.created_at,
      answers: r.payload,
    })),
  };
}

/** What one receipt does to the submission it names. */
function applyReceipt(record, result, sentPayload, receivedAt) {
  if (!record) return null;
  // The officer reopened it while it was on its way: keep their edit, build it on the new rev.
  const changed = record.state !== 'outbox' || JSON.stringify(record.payload) !== sentPayload;
  // The files the server still needs for what it now holds (uploads.js sends them).
  const files = { files_waiting: result.missing_attachments || [] };
  switch (result.status) {
    case 'created':
    case 'duplicate':
    case 'updated':
      if (changed) return { ...record, rev: result.rev, base_rev: result.rev, ...files };
      return {
        ...record, ...files, state: 'sent', rev: result.rev, base_rev: result.rev, sent_at: receivedAt,
        errors: null, reason: null, server: null,
        // A duplicate changed nothing on the server: a review of that revision still stands.
        review: result.status === 'duplicate' ? record.review : null,
      };
    case 'rejected':
      if (changed) return null;
      return {
        ...record, state: 'returned', reason: 'rejected', reject_code: result.code,
        errors: result.errors || {},
      };
    case 'conflict':
      if (changed) return { ...record, rev: result.rev };
      return {
        ...record, state: 'returned', reason: 'conflict', rev: result.rev,
        server: { rev: result.rev, answers: result.answers },
      };
    default:
      return null; // a status this client does not know: leave it in the outbox
  }
}

async function pushAll(api, report) {
  const outbox = (await db.listSubs('outbox'))
    .sort((a, b) => (a.finalised_at || '').localeCompare(b.finalised_at || ''));
  const deviceId = `${(await db.getMeta('user'))?.device || 'phone'} ${await db.getMeta('install_id')}`;
  const tally = { sent: 0, returned: 0 };
  let size = FIRST_BATCH;
  let start = 0;
  while (start < outbox.length) {
    const records = outbox.slice(start, start + size);
    const uuids = records.map((r) => r.uuid);
    // Re-send an unanswered batch under its old id, so the server's batch log shows a retry.
    const pending = await db.getMeta('pending_batch');
    const batchId = pending && pending.uuids.join() === uuids.join() ? pending.batch_id : crypto.randomUUID();
    await db.setMeta('pending_batch', { batch_id: batchId, uuids });
    let reply;
    try {
      reply = await api.push(envelope(batchId, deviceId, records), await deviceReport());
    } catch (err) {
      if (err.status !== 413) throw err;
      if (records.length > 1) {
        size = Math.ceil(records.length / 2);
        continue;
      }
      // One submission bigger than the server takes: back to the officer, the rest goes on.
      await db.updateSubs(uuids, (record) => record && record.state === 'outbox' && {
        ...record, state: 'returned', reason: 'rejected', reject_code: err.code, errors: { '': [err.message] },
      });
      tally.returned += 1;
      start += 1;
      continue;
    }
    const byUuid = new Map(reply.results.map((result) => [result.uuid, result]));
    const sentPayloads = new Map(records.map((r) => [r.uuid, JSON.stringify(r.payload)]));
    const receivedAt = localIso();
    await db.updateSubs(uuids, (record, uuid) => {
      const result = byUuid.get(uuid);
      return result ? applyReceipt(record, result, sentPayloads.get(uuid), receivedAt) : null;
    });
    await db.deleteMeta('pending_batch');
    for (const result of reply.results) {
      if (['created', 'duplicate', 'updated'].includes(result.status)) tally.sent += 1;
      else tally.returned += 1;
    }
    start += records.length;
    report({ phase: 'push', done: start, total: outbox.length });
  }
  return tally;
}

// --- pull -----------------------------------------------------------------------------------

function applyReview(record, review) {
  // A decision about an older revision than the one on the phone is already answered.
  if (!record || review.rev < record.rev) return null;
  const next = { ...record, review };
  const sendsBack = review.review_state === 'has_issues' || review.review_state === 'rejected';
  if (sendsBack && record.state === 'sent') {
    Object.assign(next, { state: 'returned', reason: 'review', base_rev: review.rev, rev: review.rev });
  }
  return next;
}

async function pullAll(api) {
  let cursor = await db.getMeta('cursor');
  let reviews = 0;
  let formsChanged = false;
  for (;;) {
    const page = await api.pull(cursor, await deviceReport());
    const latest = new Map();
    for (const review of page.reviews || []) latest.set(review.uuid, review);
    if (latest.size) {
      await db.updateSubs([...latest.keys()], (record, uuid) => {
        const next = applyReview(record, latest.get(uuid));
        if (next && next.state === 'returned' && record.state !== 'returned') reviews += 1;
        return next;
      });
    }
    formsChanged ||= (page.forms || []).length > 0;
    cursor = page.cursor;
    await db.setMeta('cursor', cursor);
    if (!page.more) break;
  }
  return { reviews, formsChanged };
}

/** Fetch the list of current forms (skipped with 304 when unchanged) and any new definitions. */
async function refreshForms(api, force) {
  const etag = force ? null : await db.getMeta('forms_etag');
  const listing = await api.forms(etag);
  if (!listing) return;
  for (const entry of listing.forms) {
    const known = await db.getForm(entry.form_id, entry.version);
    if (!known || known.hash !== entry.hash) {
      const definition = await api.definition(entry.form_id, entry.version);
      await db.putForm({ form_id: entry.form_id, version: String(entry.version), hash: entry.hash,
        title: entry.title, status: entry.status, current: true, definition });
    }
  }
  await db.setCurrentForms(listing.forms.map((f) => `${f.form_id}\u0000${f.version}`));
  if (listing.etag) await db.setMeta('forms_etag', listing.etag);
}

// --- one sync, retried ------------------------------------------------------------------------

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** Seconds to wait before attempt `n` (1-based): the server's Retry-After, else 1, 2, 4... jittered. */
function backoff(attempt, retryAfter) {
  if (retryAfter !== null && retryAfter !== undefined) return Math.min(retryAfter, MAX_WAIT_S);
  const base = Math.min(2 ** (attempt - 1), MAX_WAIT_S);
  return base * (0.75 + Math.random() * 0.5);
}

let running = null;
let again = false;

/**
 * Push, upload the files the server still needs, pull and refresh the forms, retrying after
 * network errors, timeouts and 5xx.
 * `report` hears progress and waits: {phase}, {phase: 'wait', seconds}. A call made while a
 * sync runs joins it, and the run goes round once more so that what was finished meanwhile
 * is sent too. Resolves with {sent, returned, reviews}; rejects with the ApiError that stopped it.
 */
export function syncNow(report = () => {}) {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      let summary;
      do {
        again = false;
        summary = await runSync(report);
      } while (again);
      return summary;
    } finally {
      running = null;
    }
  })();
  return running;
}

export const isSyncing = () => running !== null;

async function runSync(report) {
  const api = await client();
  for (let attempt = 1; ; attempt += 1) {
    try {
      report({ phase: 'push' });
      const tally = await pushAll(api, report);
      await uploadWaiting(api, report);
      report({ phase: 'pull' });
      const pulled = await pullAll(api);
      report({ phase: 'forms' });
      await refreshForms(api, pulled.formsChanged);
      report({ phase: 'lists' });
      await refreshLists(api, (await db.listForms()).filter((f) => f.current).map((f) => f.definition));
      const summary = { ...tally, reviews: pulled.reviews, at: localIso() };
      await db.setMeta('last_sync', summary);
      await db.deleteMeta('last_error');
      return summary;
    } catch (err) {
      const error = err instanceof ApiError ? err : new ApiError(0, 'client', err.message);
      // With no network at all, waiting is pointless: the `online` event starts the next sync.
      const offline = error.status === 0 && navigator.onLine === false;
      if (!error.retryable || offline || attempt >= MAX_ATTEMPTS) {
        // The token no longer works: keep everything, ask for a new connection.
        if (error.status === 401) await db.setMeta('token_rejected', true);
        await db.setMeta('last_error', { status: error.status, code: error.code, message: error.message, at: localIso() });
        throw error;
      }
      const seconds = backoff(attempt, error.retryAfter);
      report({ phase: 'wait', seconds, error });
      await sleep(seconds);
    }
  }
}

// --- rescue ----------------------------------------------------------------------------------

/**
 * Every unsent item as one JSON file an administrator can load on the server (web page or
 * `tambon rescue load`): each item as push sends it, so what the server already has comes
 * back `duplicate` and nothing is stored twice. Returns {name, text, count}.
 */
export async function rescueFile() {
  const acc = await account();
  const records = (await Promise.all(['outbox', 'returned', 'draft'].map((state) => db.listSubs(state)))).flat();
  const savedAt = localIso();
  const file = {
    tambon_rescue: 1,
    server: acc?.server || location.origin,
    username: acc?.user?.username || '',
    device: acc?.user?.device || '',
    saved_at: savedAt,
    app_version: APP_VERSION,
    submissions: records.map((r) => ({
      uuid: r.uuid,
      form_id: r.form_id,
      form_version: r.form_version,
      base_rev: r.base_rev || 0,
      created_at: r.created_at,
      answers: r.payload || r.answers || {},
      state: r.state,
    })),
  };
  const stamp = savedAt.slice(0, 16).replace(/[^0-9]/g, '');
  return { name: `tambon-rescue-${file.username || 'phone'}-${stamp}.json`, text: JSON.stringify(file), count: records.length };
}
