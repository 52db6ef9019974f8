// The bytes of photos, signatures and documents, sent apart from the batch (PROTOCOL.md,
// Attachments).
//
// A push receipt names the files the server still needs (`missing_attachments`); the phone
// notes them on the submission (`files_waiting`) and, after the push, sends each file once,
// in chunks with Content-Range. When an upload breaks (no signal, timeout), the next try asks
// the server how much it holds and goes on from there, never from zero. Every step is safe to
// repeat: a file the server has is answered 200, a chunk it already has 409 with its count.
// Files no submission needs any more, and that the server has, are then deleted from the phone.

import * as db from './db.js';
import { formatBytes, t } from './i18n.js';

export const CHUNK_BYTES = 256 * 1024;
const SMALLEST_CHUNK = 16 * 1024; // a server whose body limit is below a chunk gets halves
// A file just kept whose answer is not yet saved must not look unused: the grace covers it.
const UNSAVED_GRACE_MS = 10 * 60 * 1000;
const SHA256 = /^[0-9a-f]{64}$/;

/** Every attachment hash an answers object names, wherever it sits (groups, repeat rows). */
export function attachmentsIn(value, into = new Set()) {
  if (Array.isArray(value)) {
    for (const item of value) attachmentsIn(item, into);
  } else if (value && typeof value === 'object') {
    if (typeof value.sha256 === 'string' && SHA256.test(value.sha256) && 'size' in value) into.add(value.sha256);
    else for (const inner of Object.values(value)) attachmentsIn(inner, into);
  }
  return into;
}

/** Where the server stands on one file: how many bytes it holds, and whether it has it all. */
async function serverHolds(api, sha256) {
  try {
    const status = await api.attachmentStatus(sha256);
    return { received: status.received || 0, complete: Boolean(status.complete) };
  } catch (err) {
    if (err.status === 404) return { received: 0, complete: false };
    throw err;
  }
}

/**
 * Send one file's bytes, resuming where the server's copy ends if an earlier try broke off.
 * Resolves once the server holds the whole file; rejects with the ApiError that stopped it.
 */
async function sendFile(api, file) {
  const total = file.blob.size;
  let { received: start, complete } = file.upload_started
    ? await serverHolds(api, file.sha256) : { received: 0, complete: false };
  if (!file.upload_started) await db.updateFile(file.sha256, { upload_started: true });
  let chunk = CHUNK_BYTES;
  let restarted = false;
  // Each round moves forward or the server says where it stands: never more rounds than this.
  for (let rounds = 2 * Math.ceil(total / SMALLEST_CHUNK) + 8; !complete; rounds -= 1) {
    if (rounds <= 0) throw new Error(`the upload of ${file.sha256} makes no progress`);
    const end = Math.min(start + chunk, total);
    const range = total ? { first: start, last: end - 1, total } : null;
    let reply;
    try {
      reply = await api.putAttachment(file.sha256, file.blob.slice(start, end), file.type, range);
    } catch (err) {
      if (err.code === 'offset_mismatch' && Number.isInteger(err.details?.received)) {
        start = err.details.received; // the server holds another prefix: go on from it
      } else if (err.status === 413 && chunk > SMALLEST_CHUNK && !(err.details?.max_bytes < total)) {
        chunk = Math.ceil(chunk / 2); // the request was too big for the server, not the file
      } else if (err.code === 'hash_mismatch' && !restarted) {
        restarted = true; // the server dropped a prefix that went wrong: once more, from 0
        start = 0;
      } else {
        throw err;
      }
      continue;
    }
    const body = reply.data || {};
    complete = body.complete ?? end >= total;
    start = Number.isInteger(body.received) ? body.received : end;
  }
}

/** Refusals that no retry changes: the officer is told, and the item stops waiting for it. */
const isRefusal = (err) => err.status !== undefined && !err.retryable && err.status !== 401;

/**
 * Upload every file a sent submission still waits for, each once, then let go of what no
 * submission needs. `report` hears {phase: 'files', done, total}. Rejects with the first
 * error a retry may cure (no signal, 5xx, 401): the files still waiting go with the next sync.
 */
export async function uploadWaiting(api, report = () => {}) {
  const waiting = await db.listWaitingForFiles();
  const owners = new Map();
  for (const record of waiting) {
    for (const sha256 of record.files_waiting) owners.set(sha256, [...(owners.get(sha256) || []), record.uuid]);
  }
  let done = 0;
  for (const [sha256, uuids] of owners) {
    const file = await db.getFile(sha256);
    let refusal = null;
    if (!file) refusal = { code: 'not_on_phone', message: t('phone_file_lost') };
    else {
      try {
        await sendFile(api, file);
        await db.updateFile(sha256, { uploaded_at: Date.now() });
      } catch (err) {
        if (!isRefusal(err)) throw err;
        refusal = { code: err.code, message: err.message, name: file.name };
      }
    }
    await db.updateSubs(uuids, (record) => record && {
      ...record,
      files_waiting: (record.files_waiting || []).filter((h) => h !== sha256),
      files_refused: refusal ? { ...record.files_refused, [sha256]: refusal } : record.files_refused,
    });
    done += 1;
    report({ phase: 'files', done, total: owners.size });
  }
  await forgetUnused();
}

/**
 * Delete the kept files no submission needs: not named by any draft, outbox or sent-back item,
 * nor waited for. A sent item's files stay until the server has them; one never uploaded and
 * named by nothing (a photo taken again) goes once it is older than the grace.
 */
export async function forgetUnused(now = Date.now()) {
  const [waiting, files, ...unsent] = await Promise.all([db.listWaitingForFiles(), db.listFiles(),
    ...['draft', 'outbox', 'returned'].map((state) => db.listSubs(state))]);
  const needed = new Set(waiting.flatMap((record) => record.files_waiting));
  for (const record of unsent.flat()) {
    for (const answers of [record.answers, record.payload, record.server?.answers]) attachmentsIn(answers, needed);
  }
  const unused = files.filter((f) => !needed.has(f.sha256)
    && (f.uploaded_at || now - (f.stored_at || 0) > UNSAVED_GRACE_MS));
  if (unused.length) await db.deleteFiles(unused.map((f) => f.sha256));
}

// --- what the officer sees --------------------------------------------------------------------

const KIND_WORDS = { image: 'phone_files_photos', signature: 'phone_files_signatures', file: 'phone_files_documents' };

/** Lines for an item's card: "sent, 2 photos waiting", and any file the server refused. */
export async function fileNotes(record) {
  const notes = [];
  if (record.files_waiting?.length) {
    const kinds = {};
    for (const sha256 of record.files_waiting) {
      const kind = (await db.getFile(sha256))?.kind || 'file';
      kinds[kind] = (kinds[kind] || 0) + 1;
    }
    const what = Object.keys(KIND_WORDS).filter((k) => kinds[k]).map((k) => t(KIND_WORDS[k], { n: kinds[k] }));
    notes.push(t('phone_files_waiting', { what: what.join(', ') }));
  }
  for (const refusal of Object.values(record.files_refused || {})) {
    notes.push(t('phone_files_refused', { name: refusal.name || '', why: refusal.message }));
  }
  return notes;
}

/** "12 files on this phone (3.4 MB)" for the status strip, or '' when there are none. */
export async function storedFilesLine() {
  const files = await db.listFiles();
  if (!files.length) return '';
  const bytes = files.reduce((sum, f) => sum + (f.size || 0), 0);
  return t('phone_files_stored', { n: files.length, size: formatBytes(bytes) });
}
