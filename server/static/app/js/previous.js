// "Start from an earlier record of this form": day 2 of a course from day 1. The officer picks
// one of their own records of the form (drafts, outbox, sent, sent back; any version) and its
// answers become a new draft of the current version. Dates, times and files are not copied: a
// new record is of a new moment, and its photos are taken anew.

import * as db from './db.js';
import { el } from './dom.js';
import { formatMoment, label, t } from './i18n.js';
import { newAnswers, summarise } from './model.js';
import * as subs from './submissions.js';

const MEDIA = new Set(['image', 'signature', 'file']);
const NOT_COPIED = new Set(['date', 'datetime', 'time', ...MEDIA, 'calculate', 'note']);
const STATE_WORD = { draft: 'tab_drafts', outbox: 'tab_outbox', sent: 'tab_sent', returned: 'tab_returned' };

/** The answers of `from` that `fields` (the current version) still asks, over its defaults. */
export function copyAnswers(fields, from) {
  const out = newAnswers(fields);
  const source = from && typeof from === 'object' ? from : {};
  for (const field of fields) {
    const value = source[field.name];
    if (value === undefined || value === null || NOT_COPIED.has(field.type)) continue;
    if (field.type === 'group') {
      const inner = copyAnswers(field.fields, value);
      if (Object.keys(inner).length) out[field.name] = inner;
    } else if (field.type === 'repeat') {
      // Rows that register people in a roster would register them again: they come back
      // through the roster instead (docs/client.md, "Start from an earlier record").
      if (field.roster && (field.roster.mode || 'upsert') === 'upsert') continue;
      // Rows that carry a photo, signature or file (the day's photos) are of that day: copied
      // without their file they would be rows to fill again, or to delete.
      if (field.fields.some((inner) => MEDIA.has(inner.type))) continue;
      if (Array.isArray(value) && value.length) out[field.name] = value.map((row) => copyAnswers(field.fields, row));
    } else {
      out[field.name] = structuredClone(value);
    }
  }
  return out;
}

/** The officer's records of form `formId`, newest first. */
async function recordsOf(formId) {
  return (await subs.list()).filter((r) => r.form_id === formId);
}

/** The small button under a form's card, shown when this phone holds a record of the form. */
export async function startFromLinks(forms) {
  const held = new Set((await subs.list()).map((r) => r.form_id));
  return new Map(forms.filter((f) => held.has(f.form_id)).map((f) => [f.form_id,
    el('a', { class: 'ghost start-from', href: `#/from/${encodeURIComponent(f.form_id)}`, 'data-start-from': f.form_id },
      t('start_from_previous'))]));
}

/** The screen `#/from/<form_id>`: pick the record to start from. */
export async function screenStartFrom(formId) {
  const form = (await db.listForms()).find((f) => f.form_id === formId && f.current);
  if (!form) { location.hash = '#/forms'; return []; }
  const forms = new Map((await db.listForms()).map((f) => [`${f.form_id}\u0000${f.version}`, f]));
  const list = el('div', { class: 'cards' });
  for (const record of await recordsOf(formId)) {
    const own = forms.get(`${record.form_id}\u0000${record.form_version}`) || form;
    const answers = record.answers || record.payload || {};
    list.append(el('button', { type: 'button', class: 'card', 'data-uuid': record.uuid, onclick: async () => {
      const draft = await subs.createDraft(form, copyAnswers(form.definition.fields, answers));
      location.hash = `#/fill/${draft.uuid}`;
    } }, el('strong', { text: summarise(own.definition, answers) || label(own.definition.title) }),
    el('span', { class: 'meta', text: `${t(STATE_WORD[record.state] || 'tab_sent')} · ${t('created_when', { when: formatMoment(record.created_at) })}` })));
  }
  if (!list.children.length) list.append(el('p', { class: 'empty', text: t('start_from_none') }));
  return [
    el('div', { class: 'form-head' }, el('a', { class: 'ghost', href: '#/forms', text: `‹ ${t('back')}` })),
    el('h1', { text: t('start_from_title', { form: label(form.definition.title) }) }),
    el('p', { class: 'hint', text: t('start_from_hint') }), list];
}
