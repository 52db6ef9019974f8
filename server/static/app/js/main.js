// The app: start-up, the status strip, and one function per screen, chosen by the #hash.

import { Api } from './api.js';
import * as db from './db.js';
import { FormView, el } from './form.js';
import { formatBytes, formatDate, formatMoment, getLang, label, setLang, stateName, t } from './i18n.js';
import { newAnswers, summarise } from './model.js';
import * as subs from './submissions.js';
import { account, connect, isSyncing, syncNow } from './sync.js';

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
  const waiting = counts.draft + counts.outbox + counts.returned;
  document.getElementById('unsynced').textContent = t('unsynced', { n: waiting });
  document.getElementById('unsynced').classList.toggle('zero', waiting === 0);
  const [last, failed] = await Promise.all([db.getMeta('last_sync'), db.getMeta('last_error')]);
  const lastSync = document.getElementById('last-sync');
  lastSync.textContent = last ? t('last_sync', { when: formatMoment(last.at) }) : t('never_synced');
  if (failed) lastSync.textContent += ` · ${t('last_failed')}`;
  if (navigator.storage?.estimate) {
    const { usage, quota } = await navigator.storage.estimate();
    document.getElementById('storage').textContent = t('storage', { used: formatBytes(usage), quota: formatBytes(quota) });
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
  if (!(await account())) return;
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
    if (asked || err.status === 401) toast(t('sync_failed', { why }), 'error');
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
  for (const form of forms) {
    list.append(el('button', { type: 'button', class: 'card form-card', 'data-form': form.form_id, onclick: async () => {
      const record = await subs.createDraft(form, newAnswers(form.definition.fields));
      location.hash = `#/fill/${record.uuid}`;
    } }, el('strong', { text: label(form.definition.title) }),
    el('span', { class: 'meta', text: t('version_n', { v: form.version }) })));
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
    list.append(el('a', { class: 'card', href: `#/fill/${record.uuid}`, 'data-uuid': record.uuid }, ...lines));
  }
  if (!records.length) list.append(el('p', { class: 'empty', text: t('empty_list') }));
  return [el('h1', { text: t(TABS.find(([name]) => name === tab)[1]) }), list];
}

/** Every answer by dotted path down to its leaves (a geopoint or a choice list is one leaf). */
function leaves(value, prefix = '', out = new Map()) {
  const isLeaf = !value || typeof value !== 'object' || ('lat' in value && 'lon' in value)
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

function show(value) {
  if (value === undefined || value === null) return '–';
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object' && 'lat' in value) return `${value.lat}, ${value.lon}`;
  return String(value);
}

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
        el('p', { text: `${fieldAt(form.definition, path).label || record.reject_code}: ${[messages].flat().join(' ')}` }))));
  }
  if (record.reason === 'conflict') parts.push(conflictPanel(record, form.definition));
  parts.push(host);

  const answers = structuredClone(record.answers || {});
  const formView = new FormView(host, form.definition, answers, {
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
  return parts;
}

async function screenConnect() {
  const status = el('p', { class: 'error', role: 'alert', hidden: true });
  const server = el('input', { type: 'url', id: 'server', value: location.origin, autocomplete: 'url', inputmode: 'url' });
  const username = el('input', { type: 'text', id: 'username', autocomplete: 'username', autocapitalize: 'none' });
  const password = el('input', { type: 'password', id: 'password', autocomplete: 'current-password' });
  const device = el('input', { type: 'text', id: 'device-label', placeholder: 'phone-01' });
  const token = el('input', { type: 'text', id: 'token', autocomplete: 'off', autocapitalize: 'none' });
  const fail = (text) => { status.textContent = text; status.hidden = false; };
  const finish = async (base, tokenValue, me) => {
    await connect(base, tokenValue, me);
    navigator.storage?.persist?.();
    location.hash = '#/forms';
    runSync();
  };
  const signIn = async () => {
    status.hidden = true;
    const base = server.value.trim() || location.origin;
    const name = device.value.trim() || `${username.value.trim()}-${crypto.randomUUID().slice(0, 4)}`;
    try {
      const issued = await new Api(base, Api.basic(username.value.trim(), password.value)).registerDevice(name);
      await finish(base, issued.token, { username: issued.username, role: issued.role, device: issued.label });
    } catch (err) {
      fail(err.status === 401 ? t('err_login') : err.status === 0 ? t('err_network') : err.message);
    }
  };
  const useToken = async () => {
    status.hidden = true;
    const base = server.value.trim() || location.origin;
    try {
      const me = await new Api(base, `Bearer ${token.value.trim()}`).me();
      await finish(base, token.value.trim(), me);
    } catch (err) {
      fail(err.status === 401 ? t('err_auth') : err.status === 0 ? t('err_network') : err.message);
    }
  };
  const row = (id, key, input) => el('div', { class: 'field' }, el('label', { class: 'label', for: id, text: t(key) }), input);
  return [
    el('h1', { text: t('connect_title') }),
    el('p', { class: 'hint', text: t('connect_intro') }),
    status,
    el('form', { class: 'panel', id: 'sign-in', onsubmit: (e) => { e.preventDefault(); signIn(); } },
      row('server', 'server_address', server), row('username', 'username', username),
      row('password', 'password', password), row('device-label', 'device_label', device),
      el('button', { type: 'submit', class: 'primary', text: t('sign_in') })),
    el('form', { class: 'panel', id: 'use-token', onsubmit: (e) => { e.preventDefault(); useToken(); } },
      el('p', { class: 'hint', text: t('or_token') }), row('token', 'token', token),
      el('button', { type: 'submit', class: 'secondary', text: t('use_token') })),
  ];
}

async function screenSettings() {
  const acc = await account();
  const persisted = await navigator.storage?.persisted?.();
  const signOut = async () => {
    await saver.flush();
    const counts = await subs.counts();
    const unsynced = counts.draft + counts.outbox + counts.returned;
    const question = unsynced ? t('sign_out_warning', { n: unsynced }) : t('sign_out_confirm');
    if (!window.confirm(question)) return;
    try { await new Api(acc.server, `Bearer ${acc.token}`).revokeDevice(); } catch { /* offline: the admin can revoke it */ }
    await db.clearAccount();
    location.hash = '#/connect';
    refreshStatus();
  };
  return [
    el('h1', { text: t('settings') }),
    el('section', { class: 'panel' },
      el('p', { text: acc ? t('signed_in_device', { user: acc.user?.username, device: acc.user?.device || '' }) : '' }),
      el('p', { class: 'meta', text: acc?.server || '' }),
      el('p', { class: 'meta', text: persisted ? t('persisted') : t('not_persisted') }),
      el('button', { type: 'button', class: 'secondary danger', 'data-action': 'sign-out', onclick: signOut }, t('sign_out'))),
  ];
}

// --- routing --------------------------------------------------------------------------------

let routing = Promise.resolve();

function route() {
  routing = routing.then(renderRoute, renderRoute);
  return routing;
}

async function renderRoute() {
  await saver.flush();
  const [, name = 'forms', arg] = location.hash.split('/');
  const connected = Boolean(await account());
  let content;
  if (!connected && name !== 'connect') { location.hash = '#/connect'; return; }
  if (name === 'connect') content = await screenConnect();
  else if (name === 'settings') content = await screenSettings();
  else if (name === 'fill' && arg) content = await screenFill(arg);
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
    if (navigator.onLine && (await subs.counts()).outbox) runSync();
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
