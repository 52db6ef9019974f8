// Words of the interface, Thai first, and dates in the Buddhist Era for the Thai side.
// The words are the server's message catalog (forms/messages), which the server writes into
// the generated module shared.js: the phone and the supervisor pages say the same things.

import { CATALOG } from './shared.js';

const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม',
  'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

let lang = localStorage.getItem('tambon.lang') === 'en' ? 'en' : 'th';

export function getLang() { return lang; }

export function setLang(next) {
  lang = next === 'en' ? 'en' : 'th';
  localStorage.setItem('tambon.lang', lang);
  document.documentElement.lang = lang;
}

/** A sentence of the interface, with {placeholders} filled. */
export function t(key, params = {}) {
  const entry = CATALOG[key];
  const text = entry ? entry[lang] ?? entry.th : key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : ''));
}

/** A review state's name, the same word the supervisor pages use. */
export function stateName(state) {
  return CATALOG[`state_${state}`] ? t(`state_${state}`) : state;
}

/** A label-like value of a form definition ({th, en}) in the current language. */
export function label(value, fallback = '') {
  if (!value) return fallback;
  if (typeof value === 'string') return value;
  return value[lang] || value.th || value.en || fallback;
}

/** "2012-06-25" -> "25 มิถุนายน 2555" in Thai, "25 June 2012" in English. */
export function formatDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  if (!match) return '';
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return lang === 'th'
    ? `${day} ${THAI_MONTHS[month - 1]} ${year + 543}`
    : `${day} ${ENGLISH_MONTHS[month - 1]} ${year}`;
}

/** A moment (Date or ISO string) as a date in the current language plus the local time. */
export function formatMoment(value) {
  if (!value) return '';
  const when = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(when.getTime())) return String(value);
  const pad = (n) => String(n).padStart(2, '0');
  const day = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
  return `${formatDate(day)} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
}

/** The UTC offset of the phone's clock at `date`, as ISO 8601 writes it: "+07:00". */
export function isoOffset(date = new Date()) {
  const minutes = -date.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${minutes >= 0 ? '+' : '-'}${pad(minutes / 60)}:${pad(minutes % 60)}`;
}

export function formatBytes(bytes) {
  if (!Number.isFinite(bytes)) return '?';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return `${value.toFixed(value < 10 && unit ? 1 : 0)} ${units[unit]}`;
}
