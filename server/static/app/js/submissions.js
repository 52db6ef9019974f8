// The life of one filled form on the phone:
//
//   draft --finalise--> outbox --push: created/duplicate/updated--> sent
//                         |  \--push: rejected | conflict--> returned --edit, finalise--> outbox
//                         \--reopen--> draft        sent --review has_issues/rejected--> returned
//
// `answers` is what the officer typed, kept whole while they work; `payload` is frozen when
// they finalise (only relevant answers), so a retried push is byte-for-byte the same content
// and the server answers `duplicate` instead of storing a copy.

import * as db from './db.js';
import { isoOffset } from './i18n.js';
import { applyOwnRosters } from './roster.js';

const STATES = ['draft', 'outbox', 'sent', 'returned'];

/** Now, on the phone's clock, in ISO 8601 with the phone's own offset: 2026-11-20T09:15:00+07:00. */
export function localIso(date = new Date()) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
    + `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${isoOffset(date)}`;
}

export async function createDraft(form, answers) {
  const now = localIso();
  const record = {
    uuid: crypto.randomUUID(),
    form_id: form.form_id,
    form_version: form.version,
    state: 'draft',
    answers,
    payload: null,
    base_rev: 0,
    rev: 0,
    created_at: now,
    updated_at: now,
    errors: null,
    reason: null,
    server: null,
    review: null,
  };
  await db.putSub(record);
  return record;
}

/** Save what the officer typed. Only drafts and sent-back items are editable. */
export async function saveAnswers(uuid, answers) {
  await db.updateSubs([uuid], (record) => (record && (record.state === 'draft' || record.state === 'returned')
    ? { ...record, answers, updated_at: localIso() } : null));
}

// A write-ahead copy of the answers being typed, in localStorage, which is written
// synchronously: an IndexedDB transaction still in flight when the page is torn down
// (reload, tab closed) is lost, the journal is not. It is replayed at the next start.
const JOURNAL = 'tambon.journal';
let journalSeq = 0;

/** Note the answers synchronously; returns a number to clear the note once IndexedDB has them. */
export function journal(uuid, answers) {
  journalSeq += 1;
  try {
    localStorage.setItem(JOURNAL, JSON.stringify({ uuid, answers, seq: journalSeq }));
  } catch { /* storage full: IndexedDB is still written */ }
  return journalSeq;
}

export function clearJournal(seq) {
  const entry = JSON.parse(localStorage.getItem(JOURNAL) || 'null');
  if (entry && entry.seq === seq) localStorage.removeItem(JOURNAL);
}

/** Put back what the last page typed but may not have committed. */
export async function recoverJournal() {
  const entry = JSON.parse(localStorage.getItem(JOURNAL) || 'null');
  if (entry) await saveAnswers(entry.uuid, entry.answers);
  localStorage.removeItem(JOURNAL);
}

/**
 * Freeze the answers to send and put the submission in the outbox; the rosters it writes
 * change on this phone at once (js/roster.js), so the next form offers the people it added.
 */
export async function finalise(uuid, answers, payload) {
  let finished = null;
  await db.updateSubs([uuid], (record) => record && (finished = {
    ...record,
    answers,
    payload,
    state: 'outbox',
    errors: null,
    reason: null,
    server: null,
    updated_at: localIso(),
    finalised_at: localIso(),
  }));
  const form = finished && await db.getForm(finished.form_id, finished.form_version);
  if (form) await applyOwnRosters(form.definition, payload, uuid);
}

/** Take a finalised submission out of the outbox to change it. */
export async function reopen(uuid) {
  await db.updateSubs([uuid], (record) => (record && record.state === 'outbox'
    ? { ...record, state: 'draft', payload: null } : null));
}

/** After a conflict: send mine again, this time on top of the server's revision. */
export async function keepMine(uuid) {
  await db.updateSubs([uuid], (record) => record && record.server && {
    ...record, state: 'outbox', base_rev: record.server.rev, rev: record.server.rev, server: null, reason: null,
  });
}

/** After a conflict: drop my change and take the server's version as it stands. */
export async function takeServer(uuid) {
  await db.updateSubs([uuid], (record) => record && record.server && {
    ...record,
    state: 'sent',
    answers: record.server.answers,
    payload: record.server.answers,
    rev: record.server.rev,
    base_rev: record.server.rev,
    server: null,
    reason: null,
  });
}

export const remove = (uuid) => db.deleteSub(uuid);
export const get = (uuid) => db.getSub(uuid);

/** Newest first, for the lists. */
export async function list(state) {
  const records = await db.listSubs(state);
  // A sent item stays in sight in the outbox until the last of its files reaches the server.
  if (state === 'outbox') records.push(...(await db.listWaitingForFiles()).filter((r) => r.state === 'sent'));
  return records.sort((a, b) => (b.updated_at || '').localeCompare(a.updated_at || ''));
}

/** How many submissions are in each state, and `files`: sent ones whose files are still owed. */
export async function counts() {
  const entries = await Promise.all(STATES.map(async (state) => [state, await db.countSubs(state)]));
  const files = (await db.listWaitingForFiles()).filter((record) => record.state === 'sent').length;
  return { ...Object.fromEntries(entries), files };
}
