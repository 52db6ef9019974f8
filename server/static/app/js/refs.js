// Two fields people cannot type reliably: `ref` (another record, picked from the officer's own
// records of that form by title and date, never a uuid box) and `thai_id` (13 digits checked
// as they are typed; dashes and spaces allowed, stored without them).

import * as db from './db.js';
import { el } from './dom.js';
import { formatMoment, label, t } from './i18n.js';
import { summarise, thaiIdOk } from './model.js';
import * as subs from './submissions.js';

const STATE_WORD = { draft: 'tab_drafts', outbox: 'tab_outbox', sent: 'tab_sent', returned: 'tab_returned' };

/** The digits of a typed ID: dashes and spaces dropped, anything else kept for the check to refuse. */
export const thaiIdDigits = (typed) => typed.replace(/[\s-]/g, '');

export function thaiIdInput(field, value, set, id) {
  const status = el('span', { class: 'hint id-status', role: 'status' });
  const input = el('input', { id, type: 'text', inputmode: 'numeric', autocomplete: 'off', maxlength: 20 });
  const judge = (digits) => {
    status.classList.remove('ok', 'bad');
    if (!digits) { status.textContent = ''; return; }
    if (!/^\d*$/.test(digits) || digits.length > 13) {
      status.textContent = t('thai_id');
      status.classList.add('bad');
    } else if (digits.length < 13) {
      status.textContent = t('thai_id_progress', { n: digits.length });
    } else if (thaiIdOk(digits)) {
      status.textContent = t('thai_id_valid');
      status.classList.add('ok');
    } else {
      status.textContent = t('thai_id_check');
      status.classList.add('bad');
    }
  };
  input.addEventListener('input', () => {
    const digits = thaiIdDigits(input.value);
    judge(digits);
    set(digits || undefined);
  });
  input.value = value ?? '';
  judge(value || '');
  return el('div', { class: 'thai-id' }, input, status);
}

/** A record's line in a picker: its summary (or its form's title) and when it was made. */
async function describe(record) {
  const form = await db.getForm(record.form_id, record.form_version);
  const answers = record.answers || record.payload || {};
  const title = (form && summarise(form.definition, answers)) || (form ? label(form.definition.title) : record.form_id);
  return `${title} · ${formatMoment(record.created_at)} · ${t(STATE_WORD[record.state] || 'tab_sent')}`;
}

/** The officer's own records of the field's form (drafts, outbox, sent, sent back), newest first. */
export function refPicker(field, value, set, id, own) {
  const select = el('select', { id, onchange: (e) => set(e.target.value || undefined) },
    el('option', { value: '', text: t('choose') }));
  const empty = el('span', { class: 'hint', hidden: true, text: t('ref_none', { form: field.form }) });
  (async () => {
    const records = (await subs.list()).filter((r) => r.form_id === field.form && r.uuid !== own);
    for (const record of records) select.append(el('option', { value: record.uuid, text: await describe(record) }));
    if (value && !records.some((r) => r.uuid === value)) {
      select.append(el('option', { value, text: t('ref_not_here') }));
    }
    select.value = value ?? '';
    empty.hidden = records.length > 0;
  })();
  return el('div', { class: 'ref' }, select, empty);
}
