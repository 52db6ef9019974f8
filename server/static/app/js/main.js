// The app: start-up, the status strip, and one function per screen, chosen by the #hash.

import { Api } from './api.js';
import * as db from './db.js';
import { FormView, el } from './form.js';
import { formatBytes, formatDate, formatMoment, getLang, label, setLang, stateName, t } from './i18n.js';
import { clearLists, loadLists } from './lists.js';
import { needsNewerApp, newAnswers, summarise } from './model.js';
import { keepPlace, readPlace } from './place.js';
import { screenStartFrom, startFromLinks } from './previous.js';
import { showValue } from './readout.js';
import { pathLabel } from './repeat_table.js';
import * as subs from './submissions.js';
import { account, connect, isSyncing, rescueFile, syncNow, unsentCount } from './sync.js';
import { fileNotes, storedFilesLine } from './uploads.js';

const AUTO_SYNC_EVERY_MS = 5 * 60 * 1000;
const view = document.getElementById('view');
const banner = document.getElementById('banner');

// --- saving what is typed -------------------------------------------------------------------

// Every change is written at once; changes made while a write is in flight are coalesced
// into the next one. So the newest answers are never more than one short write away from
// IndexedDB when the page is closed, reloaded or the battery dies.
const saver = {
  pending: null,
  running: null,
  schedule(job) {
    this.pending = job;
    showSaveState('saving');
    if (!this.running) this.running = this.drain();
  },
  async drain() {
    while (this.pending) {
      const job = this.pending;
      this.pending = null;
      try {
        await job();
      } catch (err) {
        toast(`${t('save_failed')} ${err.message}`, 'error');
      }
    }
    this.running = null;
    showSaveState('saved');
  },
  flush() { return this.running || Promise.resolve(); },
  cancel() { this.pending = null; },
};

function showSaveState(state) {
  const node = document.getElementById('save-state');
  if (node) node.textContent = t(state);
}

// --- status strip ---------------------------------------------------------------------------

let toastTimer = null;
function toast(text, kind = 'info') {
  banner.textContent = text;
  banner.className = `banner toast-${kind}`;
  banner.hidden = false;
  banner.onclick = null;
  clearTimeout(toastTimer);
  if (kind !== 'sticky') toastTimer = setTimeout(() => { banner.hidden = true; }, 6000);
}

async function refreshStatus() {
  const counts = await subs.counts();
  const waiting = counts.draft + counts.outbox + counts.returned + counts.files;
  document.getElementById('unsynced').textContent = t('unsynced', { n: waiting });
  document.getElementById('unsynced').classList.toggle('zero', waiting === 0);
  const [last, failed] = await Promise.all([db.getMeta('last_sync'), db.getMeta('last_error')]);
  const lastSync = document.getElementById('last-sync');
  lastSync.textContent = last ? t('last_sync', { when: formatMoment(last.at) }) : t('never_synced');
  if (failed) lastSync.textContent += ` · ${t('last_failed')}`;
  if (navigator.storage?.estimate) {
    const { usage, quota } = await navigator.storage.estimate();
    const files = await storedFilesLine(); // counted in the usage too; said apart, as it weighs most
    document.getElementById('storage').textContent = [t('storage', { used: formatBytes(usage), quota: formatBytes(quota) }), files]
      .filter(Boolean).join(' · ');
  }
  const net = document.getElementById('net');
  net.textContent = navigator.onLine ? t('online') : t('offline');
  net.classList.toggle('off', !navigator.onLine);
  const button = document.getElementById('sync-button');
  button.textContent = isSyncing() ? t('syncing') : t('sync');
  button.disabled = isSyncing();
  for (const [state, count] of Object.entries(counts)) {
    const badge = document.querySelector(`[data-count="${state}"]`);
    if (badge) badge.textContent = count ? String(count) : '';
  }
  return counts;
}

function translateStatic() {
  document.documentElement.lang = getLang();
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  document.getElementById('settings-link').setAttribute('aria-label', t('settings'));
}

// --- sync -----------------------------------------------------------------------------------

/** Sync now. Automatic syncs speak only when something came or went; a tap always answers. */
async function runSync({ asked = false } = {}) {
  const acc = await account();
  // A refused token is not tried again by itself: the officer reconnects first.
  if (!acc || (acc.rejected && !asked)) return;
  await saver.flush();
  const pending = syncNow((progress) => {
    if (progress.phase === 'wait' && asked) toast(t('sync_retry', { s: Math.round(progress.seconds) }), 'warn');
    refreshStatus();
  });
  refreshStatus();
  try {
    const summary = await pending;
    const back = summary.returned + summary.reviews;
    if (asked || summary.sent || back) toast(t('sync_ok', { sent: summary.sent, back }), 'ok');
  } catch (err) {
    const why = err.status === 401 ? t('err_auth') : err.status === 0 ? t('err_network') : err.message;
    // A refused token leads to the reconnect screen, which says it all: no toast over it.
    const reconnect = err.status === 401 && !location.hash.startsWith('#/fill/');
    if ((asked || err.status === 401) && !reconnect) toast(t('sync_failed', { why }), 'error');
    if (reconnect) {
      banner.hidden = true;
      location.hash = '#/connect';
      return;
    }
  }
  await refreshStatus();
  if (!location.hash.startsWith('#/fill/')) route();
}

// --- screens --------------------------------------------------------------------------------

// [route, label, submission state listed]; the badges count what still needs the officer.
const TABS = [
  ['forms', 'tab_forms', null],
  ['drafts', 'tab_drafts', 'draft'],
  ['outbox', 'tab_outbox', 'outbox'],
  ['returned', 'tab_returned', 'returned'],
  ['sent', 'tab_sent', 'sent'],
];

function tabs(active) {
  return el('nav', { class: 'tabs' }, ...TABS.map(([name, key, state]) => el('a', {
    href: `#/${name}`, class: name === active ? 'active' : null, 'aria-current': name === active ? 'page' : null,
  }, el('span', { text: t(key) }), state && state !== 'sent' ? el('span', { class: 'badge', 'data-count': state }) : null)));
}

async function currentForms() {
  const forms = await db.listForms();
  return forms.filter((f) => f.current)
    .sort((a, b) => label(a.title || a.definition.title).localeCompare(label(b.title || b.definition.title), 'th'));
}

async function screenForms() {
  const forms = await currentForms();
  const list = el('div', { class: 'cards' });
  const startFrom = await startFromLinks(forms);
  for (const form of forms) {
    const tooNew = needsNewerApp(form.definition);
    list.append(el('button', { type: 'button', class: 'card form-card', 'data-form': form.form_id, onclick: async () => {
      if (tooNew) { toast(t('phone_form_too_new'), 'error'); return; }
      const record = await subs.createDraft(form, newAnswers(form.definition.fields));
      location.hash = `#/fill/${record.uuid}`;
    } }, el('strong', { text: label(form.definition.title) }),
    el('span', { class: 'meta', text: t('version_n', { v: form.version }) }),
    tooNew ? el('span', { class: 'pill has_issues', text: t('phone_form_too_new_badge') }) : null),
    startFrom.get(form.form_id) || '');
  }
  if (!forms.length) list.append(el('p', { class: 'empty', text: t('no_forms') }));
  return [el('h1', { text: t('new_form') }), list];
}

const STATE_OF_TAB = Object.fromEntries(TABS.map(([name, , state]) => [name, state]));

async function screenList(tab) {
  const records = await subs.list(STATE_OF_TAB[tab]);
  const forms = new Map((await db.listForms()).map((f) => [`${f.form_id}\u0000${f.version}`, f]));
  const list = el('div', { class: 'cards' });
  for (const record of records) {
    const form = forms.get(`${record.form_id}\u0000${record.form_version}`);
    const title = form ? label(form.definition.title) : record.form_id;
    const lines = [el('strong', { text: title })];
    const summary = form ? summarise(form.definition, record.answers) : '';
    if (summary) lines.push(el('span', { text: summary }));
    lines.push(el('span', { class: 'meta', text: t('created_when', { when: formatMoment(record.created_at) }) }));
    if (record.state === 'sent') lines.push(el('span', { class: 'meta', text: t('sent_rev', { rev: record.rev }) }));
    if (record.review) lines.push(el('span', { class: `pill ${record.review.review_state}`, text: t('review_state_is', { state: stateName(record.review.review_state) }) }));
    if (record.reason === 'rejected') lines.push(el('span', { class: 'pill rejected', text: t('server_rejected') }));
    if (record.reason === 'conflict') lines.push(el('span', { class: 'pill has_issues', text: t('conflict') }));
    for (const note of await fileNotes(record)) lines.push(el('span', { class: 'pill files', text: note }));
    list.append(el('a', { class: 'card', href: `#/fill/${record.uuid}`, 'data-uuid': record.uuid }, ...lines));
  }
  if (!records.length) list.append(el('p', { class: 'empty', text: t('empty_list') }));
  return [el('h1', { text: t(TABS.find(([name]) => name === tab)[1]) }), list];
}

/** Every answer by dotted path down to its leaves (a geopoint or a choice list is one leaf). */
function leaves(value, prefix = '', out = new Map()) {
  const isLeaf = !value || typeof value !== 'object' || ('lat' in value && 'lon' in value) || typeof value.sha256 === 'string'
    || (Array.isArray(value) && value.every((v) => typeof v !== 'object'));
  if (isLeaf) out.set(prefix, value);
  else for (const [key, inner] of Object.entries(value)) leaves(inner, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

/** JSON with sorted keys, so that equal answers compare equal whatever their key order. */
function stable(value) {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The field a dotted answer path names, and its label with row numbers: "ผู้เข้าร่วม › #2 › อายุ". */
function fieldAt(definition, path) {
  const names = [];
  let fields = definition.fields;
  let field = null;
  for (const part of path.split('.')) {
    if (/^\d+$/.test(part)) { names.push(`#${Number(part) + 1}`); continue; }
    field = fields?.find((f) => f.name === part) || null;
    names.push(field ? label(field.label, part) : part);
    fields = field?.fields;
  }
  return { field, label: names.join(' › ') };
}

const show = showValue;

function conflictPanel(record, definition) {
  const mine = leaves(record.payload || {});
  const theirs = leaves(record.server.answers || {});
  const rows = [];
  for (const key of new Set([...mine.keys(), ...theirs.keys()])) {
    const { field, label: name } = fieldAt(definition, key);
    if (field?.type === 'calculate' || stable(mine.get(key)) === stable(theirs.get(key))) continue;
    rows.push(el('div', { class: 'diff-row' }, el('strong', { text: name }),
      el('span', { class: 'mine' }, el('em', { text: `${t('my_version')}: ` }), show(mine.get(key))),
      el('span', { class: 'theirs' }, el('em', { text: `${t('server_version', { rev: record.server.rev })}: ` }), show(theirs.get(key)))));
  }
  const done = () => { location.hash = '#/outbox'; refreshStatus(); };
  return el('section', { class: 'panel warn conflict' },
    el('h2', { text: t('conflict') }),
    el('div', { class: 'diff' }, ...rows),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'primary', 'data-action': 'keep-mine', onclick: async () => { await subs.keepMine(record.uuid); done(); runSync(); } }, t('keep_mine')),
      el('button', { type: 'button', class: 'secondary', 'data-action': 'take-server', onclick: async () => { await subs.takeServer(record.uuid); location.hash = '#/sent'; } }, t('take_server'))));
}

async function screenFill(uuid) {
  const record = await subs.get(uuid);
  if (!record) { location.hash = '#/drafts'; return []; }
  const form = await db.getForm(record.form_id, record.form_version);
  if (!form) return [el('p', { class: 'empty', text: record.form_id })];
  if (needsNewerApp(form.definition)) return [el('p', { class: 'panel error', id: 'too-new', text: t('phone_form_too_new') })];
  const editable = record.state === 'draft' || (record.state === 'returned' && record.reason !== 'conflict');
  const host = el('div');
  const parts = [];
  const backTab = { draft: 'drafts', outbox: 'outbox', sent: 'sent', returned: 'returned' }[record.state];
  parts.push(el('div', { class: 'form-head' },
    el('a', { class: 'ghost', href: `#/${backTab}`, text: `‹ ${t('back')}` }),
    el('span', { class: 'save-state', id: 'save-state', text: editable ? t('saved') : '' })));
  parts.push(el('h1', { text: label(form.definition.title) }));
  if (record.review && record.state === 'returned' && record.reason === 'review') {
    parts.push(el('section', { class: 'panel warn review' },
      el('strong', { text: t('comment_from', { who: record.review.reviewer || '' }) }),
      el('p', { class: 'comment', text: record.review.comment || '' }),
      el('span', { class: 'meta', text: formatMoment(record.review.reviewed_at) })));
  }
  if (record.reason === 'rejected') {
    parts.push(el('section', { class: 'panel error' }, el('strong', { text: t('server_rejected') }),
      ...Object.entries(record.errors || {}).map(([path, messages]) =>
        el('p', { text: `${pathLabel(form.definition, record.answers, path ? path.split('.') : []) || record.reject_code}: ${[messages].flat().join(' ')}` }))));
  }
  if (record.reason === 'conflict') parts.push(conflictPanel(record, form.definition));
  parts.push(host);

  const answers = structuredClone(record.answers || {});
  await loadLists(form.definition);
  let keep = () => {};
  const formView = new FormView(host, form.definition, answers, {
    uuid,
    openRows: readPlace(uuid).open,
    onPlace: () => keep(),
    readOnly: !editable,
    serverErrors: record.reason === 'rejected' ? record.errors || {} : {},
    onChange: (current) => {
      const seq = subs.journal(uuid, current);
      saver.schedule(async () => {
        await subs.saveAnswers(uuid, current);
        subs.clearJournal(seq);
      });
    },
  });

  const actions = el('div', { class: 'actions sticky' });
  if (editable) {
    actions.append(el('button', { type: 'button', class: 'primary', 'data-action': 'finalise', onclick: async () => {
      const problems = formView.revealErrors();
      if (problems) { toast(t('finalise_blocked', { n: problems }), 'error'); return; }
      await saver.flush();
      await subs.finalise(uuid, answers, formView.result.answers);
      location.hash = '#/outbox';
      if (navigator.onLine) runSync();
    } }, t('finalise')));
    if (record.state === 'draft') {
      actions.append(el('button', { type: 'button', class: 'ghost danger', 'data-action': 'delete', onclick: async () => {
        if (!window.confirm(t('delete_confirm'))) return;
        saver.cancel();
        await saver.flush();
        await subs.remove(uuid);
        location.hash = '#/drafts';
      } }, t('delete_draft')));
    }
  } else if (record.state === 'outbox') {
    actions.append(el('button', { type: 'button', class: 'secondary', 'data-action': 'reopen', onclick: async () => {
      await subs.reopen(uuid);
      route();
    } }, t('reopen')));
  }
  parts.push(actions);
  keep = keepPlace(uuid, () => formView.openRows);
  return parts;
}

/** Why the server refused a set-up code, in the officer's words. */
function codeRefusal(err) {
  if (err.code === 'invalid_enrolment_code') return t(`phone_code_${err.details?.reason || 'unknown'}`);
  return err.status === 0 ? t('err_network') : err.message;
}

/**
 * Connect this phone: with a set-up code (typed, or carried by a QR code's link: `code`),
 * with a username and password, or with a device token. When the phone was connected before
 * and the server stopped taking its token (`acc.rejected`), this is the reconnect screen: it
 * says how much unsent work is kept, and a new connection must be for the same person, so
 * that work goes out under its author's name.
 */
async function screenConnect({ code = '' } = {}) {
  const acc = await account();
  const unsent = acc ? await unsentCount() : 0;
  const previous = acc?.user || null;
  const status = el('p', { class: 'error', role: 'alert', hidden: true });
  const server = el('input', { type: 'url', id: 'server', value: acc?.server || location.origin, autocomplete: 'url', inputmode: 'url' });
  const codeInput = el('input', { type: 'text', id: 'enrol-code', value: code, autocomplete: 'one-time-code', autocapitalize: 'characters', spellcheck: 'false', placeholder: 'ABCDE-FGHJK', maxlength: '20' });
  const username = el('input', { type: 'text', id: 'username', value: previous?.username || '', autocomplete: 'username', autocapitalize: 'none' });
  const password = el('input', { type: 'password', id: 'password', autocomplete: 'current-password' });
  const device = el('input', { type: 'text', id: 'device-label', value: previous?.device || '', placeholder: 'phone-01' });
  const token = el('input', { type: 'text', id: 'token', autocomplete: 'off', autocapitalize: 'none' });
  const fail = (text) => { status.textContent = text; status.hidden = false; status.scrollIntoView?.({ block: 'center' }); };
  const base = () => server.value.trim() || location.origin;
  const finish = async (tokenValue, me) => {
    if (previous && previous.username !== me.username) {
      // Another person's unsent work must not be sent under this account, nor dropped.
      if (unsent) {
        try { await new Api(base(), `Bearer ${tokenValue}`).revokeDevice(); } catch { /* the admin can revoke it */ }
        throw new Error(t('phone_reconnect_other_user', { user: previous.username }));
      }
      await db.clearAccount();
      await clearLists(); // rosters hold people's names
    }
    await connect(base(), tokenValue, me);
    navigator.storage?.persist?.();
    location.hash = '#/forms';
    runSync();
  };
  const useCode = async () => {
    status.hidden = true;
    status.textContent = t('phone_connecting');
    try {
      const issued = await new Api(base(), null).enrol(codeInput.value.trim(), previous?.device || undefined);
      await finish(issued.token, { username: issued.username, role: issued.role, device: issued.label, full_name: issued.full_name });
    } catch (err) {
      fail(err.status !== undefined ? codeRefusal(err) : err.message);
    }
  };
  const signIn = async () => {
    status.hidden = true;
    const name = device.value.trim() || `${username.value.trim()}-${crypto.randomUUID().slice(0, 4)}`;
    try {
      const issued = await new Api(base(), Api.basic(username.value.trim(), password.value)).registerDevice(name);
      await finish(issued.token, { username: issued.username, role: issued.role, device: issued.label });
    } catch (err) {
      fail(err.status === 401 ? t('err_login') : err.status === 0 ? t('err_network') : err.message);
    }
  };
  const useToken = async () => {
    status.hidden = true;
    try {
      const me = await new Api(base(), `Bearer ${token.value.trim()}`).me();
      await finish(token.value.trim(), me);
    } catch (err) {
      fail(err.status === 401 ? t('err_auth') : err.status === 0 ? t('err_network') : err.message);
    }
  };
  const row = (id, key, input) => el('div', { class: 'field' }, el('label', { class: 'label', for: id, text: t(key) }), input);
  const reconnecting = Boolean(acc);
  const parts = [
    el('h1', { text: t(reconnecting ? 'phone_reconnect_title' : 'connect_title') }),
    reconnecting
      ? el('p', { class: 'panel warn', id: 'reconnect-intro', text: t('phone_reconnect_intro', { n: unsent, user: previous?.full_name || previous?.username || '' }) })
      : el('p', { class: 'hint', text: t('connect_intro') }),
    status,
    el('form', { class: 'panel', id: 'use-code', onsubmit: (e) => { e.preventDefault(); useCode(); } },
      el('h2', { text: t('phone_code_title') }),
      el('p', { class: 'hint', text: t('phone_code_intro') }),
      row('enrol-code', 'phone_code', codeInput),
      el('button', { type: 'submit', class: 'primary', text: t('phone_code_use') })),
    el('form', { class: 'panel', id: 'sign-in', onsubmit: (e) => { e.preventDefault(); signIn(); } },
      el('p', { class: 'hint', text: t('phone_or_password') }),
      row('server', 'server_address', server), row('username', 'username', username),
      row('password', 'password', password), row('device-label', 'device_label', device),
      el('button', { type: 'submit', class: 'secondary', text: t('sign_in') })),
    el('form', { class: 'panel', id: 'use-token', onsubmit: (e) => { e.preventDefault(); useToken(); } },
      el('p', { class: 'hint', text: t('or_token') }), row('token', 'token', token),
      el('button', { type: 'submit', class: 'secondary', text: t('use_token') })),
  ];
  if (reconnecting && unsent) parts.push(rescuePanel(unsent));
  if (code) queueMicrotask(useCode); // opened from a QR code: connect at once
  return parts;
}

/** Save the unsent work to a file (and offer to share it where the phone can). */
function rescuePanel(unsent) {
  const save = async () => {
    const file = await rescueFile();
    if (!file.count) { toast(t('phone_rescue_nothing'), 'info'); return; }
    const blob = new Blob([file.text], { type: 'application/json' });
    const link = el('a', { href: URL.createObjectURL(blob), download: file.name, hidden: true });
    document.body.append(link);
    link.click();
    setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    toast(t('phone_rescue_saved', { file: file.name }), 'ok');
  };
  const share = async () => {
    const file = await rescueFile();
    const shared = new File([file.text], file.name, { type: 'application/json' });
    try { await navigator.share({ files: [shared], title: file.name }); } catch { /* dismissed */ }
  };
  const canShare = typeof navigator.canShare === 'function'
    && navigator.canShare({ files: [new File(['{}'], 'x.json', { type: 'application/json' })] });
  return el('section', { class: 'panel', id: 'rescue' },
    el('h2', { text: t('phone_rescue_title') }),
    el('p', { class: 'hint', text: t('phone_rescue_intro', { n: unsent }) }),
    el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'secondary', 'data-action': 'rescue-save', onclick: save }, t('phone_rescue_save')),
      canShare ? el('button', { type: 'button', class: 'secondary', 'data-action': 'rescue-share', onclick: share }, t('phone_rescue_share')) : null));
}

async function screenSettings() {
  const acc = await account();
  const persisted = await navigator.storage?.persisted?.();
  const unsent = await unsentCount();
  const signOut = async () => {
    await saver.flush();
    const unsynced = await unsentCount();
    // Unsent work is deleted only after a second, explicit confirmation that names how much.
    if (unsynced) {
      if (!window.confirm(t('phone_sign_out_keep', { n: unsynced }))) return;
      if (!window.confirm(t('phone_sign_out_delete', { n: unsynced }))) return;
    } else if (!window.confirm(t('sign_out_confirm'))) return;
    try { await new Api(acc.server, `Bearer ${acc.token}`).revokeDevice(); } catch { /* offline: the admin can revoke it */ }
    await db.clearAccount();
    await clearLists(); // rosters hold people's names
    location.hash = '#/connect';
    refreshStatus();
  };
  return [
    el('h1', { text: t('settings') }),
    el('section', { class: 'panel' },
      el('p', { text: acc ? t('signed_in_device', { user: acc.user?.full_name ? `${acc.user.full_name} (${acc.user.username})` : acc.user?.username, device: acc.user?.device || '' }) : '' }),
      el('p', { class: 'meta', text: acc?.server || '' }),
      el('p', { class: 'meta', text: persisted ? t('persisted') : t('not_persisted') }),
      el('button', { type: 'button', class: 'secondary danger', 'data-action': 'sign-out', onclick: signOut }, t('sign_out'))),
    rescuePanel(unsent),
  ];
}

// --- routing --------------------------------------------------------------------------------

/** While the server refuses this phone's token, every screen offers the way back. */
function showReconnectBanner(acc) {
  if (!acc?.rejected || location.hash === '#/connect') {
    if (banner.dataset.reconnect) { banner.hidden = true; delete banner.dataset.reconnect; }
    return;
  }
  toast(t('phone_reconnect_needed'), 'sticky');
  banner.dataset.reconnect = '1';
  banner.onclick = () => { location.hash = '#/connect'; };
}

let routing = Promise.resolve();

function route() {
  routing = routing.then(renderRoute, renderRoute);
  return routing;
}

async function renderRoute() {
  await saver.flush();
  const [, name = 'forms', arg] = location.hash.split('/');
  if (name === 'enrol' && arg) {
    // Opened from a set-up QR code: take the code out of the address (and so out of the
    // history and any bookmark) before anything else, then connect with it.
    history.replaceState(null, '', `${location.pathname}#/connect`);
    document.body.dataset.screen = 'connect';
    view.replaceChildren(...await screenConnect({ code: decodeURIComponent(arg) }));
    await refreshStatus();
    return;
  }
  const acc = await account();
  let content;
  if (!acc && name !== 'connect') { location.hash = '#/connect'; return; }
  showReconnectBanner(acc);
  if (name === 'connect') content = await screenConnect();
  else if (name === 'settings') content = await screenSettings();
  else if (name === 'fill' && arg) content = await screenFill(arg);
  else if (name === 'from' && arg) content = await screenStartFrom(decodeURIComponent(arg));
  else if (name in STATE_OF_TAB && name !== 'forms') content = [tabs(name), ...await screenList(name)];
  else content = [tabs('forms'), ...await screenForms()];
  document.body.dataset.screen = name;
  view.replaceChildren(...content);
  await refreshStatus();
}

// --- start ----------------------------------------------------------------------------------

function watchForUpdates(registration) {
  const offer = () => {
    toast(t('update_ready'), 'sticky');
    banner.onclick = async () => {
      await saver.flush();
      registration.waiting?.postMessage('skip-waiting');
    };
  };
  if (registration.waiting && navigator.serviceWorker.controller) offer();
  registration.addEventListener('updatefound', () => {
    const worker = registration.installing;
    worker?.addEventListener('statechange', () => {
      if (worker.state === 'installed' && navigator.serviceWorker.controller) offer();
    });
  });
  // The first worker taking control is no update; a later one is, and its shell needs a reload.
  let hadController = Boolean(navigator.serviceWorker.controller);
  navigator.serviceWorker.addEventListener('controllerchange', async () => {
    if (hadController) {
      await saver.flush();
      location.reload();
    }
    hadController = true;
  });
}

async function start() {
  translateStatic();
  document.getElementById('lang').addEventListener('click', () => {
    setLang(getLang() === 'th' ? 'en' : 'th');
    translateStatic();
    route();
  });
  document.getElementById('sync-button').addEventListener('click', () => runSync({ asked: true }));
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => { refreshStatus(); runSync(); });
  window.addEventListener('offline', refreshStatus);
  setInterval(async () => {
    const { outbox, files } = await subs.counts();
    if (navigator.onLine && (outbox || files)) runSync();
  }, AUTO_SYNC_EVERY_MS);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js', { scope: './' }).then(watchForUpdates).catch((err) => {
      console.warn('service worker not registered', err);
    });
  }
  if (await navigator.storage?.persisted?.() === false && (await account())) navigator.storage.persist?.();
  await subs.recoverJournal();
  await route();
  if (navigator.onLine && (await account())) runSync();
}

start();
