// How answers read back to a person: yes/no in words, dates in the Buddhist Era with their time,
// and the date inputs that understand a Buddhist-era year typed where the calendar wants A.D.

import { el } from './dom.js';
import { formatDate, isoOffset, t } from './i18n.js';

/** "2026-11-27T09:15..." -> "27 พฤศจิกายน 2569 เวลา 09:15 น." (the moment as typed, in its own offset). */
export function formatDateTime(iso) {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso || '');
  if (!match) return formatDate(iso);
  return t('datetime_readout', { date: formatDate(match[1]), time: match[2] });
}

/** An answer as words: ใช่/ไม่ใช่ for booleans, B.E. dates, lists joined; never `true`. */
export function showValue(value) {
  if (value === undefined || value === null || value === '' || Number.isNaN(value)) return '–'; // NaN: an input is empty
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return formatDateTime(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (Array.isArray(value)) return value.map(showValue).join(', ');
  if (typeof value === 'object' && 'lat' in value) return `${value.lat}, ${value.lon}`;
  if (typeof value === 'object' && typeof value.sha256 === 'string') return value.name; // a file
  return String(value);
}

// A year from 2400 to 2700 is a Buddhist-era year: no form of this century asks for an A.D.
// date that far ahead, and Thai officers write B.E. by habit (docs/client.md, "Dates").
const BE_FROM = 2400;
const BE_TO = 2700;
const BE_OFFSET = 543;

/** The A.D. form of a date typed with a B.E. year ("2569-11-27" -> "2026-11-27"), or null. */
export function fromBuddhistYear(text) {
  const match = /^(\d{4})(-.*)$/.exec(text || '');
  if (!match) return null;
  const year = Number(match[1]);
  if (year < BE_FROM || year > BE_TO) return null;
  return `${String(year - BE_OFFSET).padStart(4, '0')}${match[2]}`;
}

/**
 * A date (`kind` 'date') or date-and-time ('datetime') input with its Thai readout under it.
 * `set` receives the answer: "YYYY-MM-DD", or "YYYY-MM-DDTHH:MM:00+07:00" with the phone's offset.
 */
export function dateInput(kind, field, value, set, id) {
  const type = kind === 'date' ? 'date' : 'datetime-local';
  const readout = el('span', { class: 'be' });
  const note = el('span', { class: 'hint be-note', role: 'status' });
  const answerOf = (typed) => {
    if (!typed) return undefined;
    if (kind === 'date') return typed;
    return `${typed.slice(0, 16)}:00${isoOffset(new Date(typed))}`;
  };
  const show = (answer) => { readout.textContent = kind === 'date' ? formatDate(answer) : formatDateTime(answer); };
  const input = el('input', { id, type, min: kind === 'date' ? field.min : undefined, max: kind === 'date' ? field.max : undefined,
    oninput: () => {
      let typed = input.value;
      const fixed = fromBuddhistYear(typed);
      note.textContent = '';
      if (fixed) {
        input.value = fixed;
        note.textContent = t('be_year_converted', { be: typed.slice(0, 4), ce: fixed.slice(0, 4) });
        typed = fixed;
      }
      show(answerOf(typed));
      set(answerOf(typed));
    } });
  input.value = typeof value === 'string' ? value.slice(0, kind === 'date' ? 10 : 16) : '';
  show(value);
  return el('div', { class: 'date' }, input, readout, note);
}
