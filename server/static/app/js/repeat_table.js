// Repeats as a compact table for a 360 px phone: one line per row with its name and its
// yes/no tick editable in place, the rest of the row on a tap (rows start closed), "copy the
// row above", and a line under a closed row that says, by the row's name, what is wrong in it.

import { el } from './dom.js';
import { label, t } from './i18n.js';
import { apply } from './jsonlogic.js';
import { getIn, newAnswers, pathKey } from './model.js';
import { dataAt } from './picker.js';
import { rosterFiller, rosterRowTitle, rowsFromField } from './roster.js';

/** The field that names a row (a trainee's name): its first text field, a required one first. */
export function nameField(fields) {
  const texts = (fields || []).filter((f) => f.type === 'text');
  return texts.find((f) => f.required) || texts[0] || null;
}

/** The row's name as its messages say it: the name typed, else "รายการที่ 3". */
export function rowTitle(repeatField, row, index) {
  const fromRoster = rosterRowTitle(repeatField, row);
  if (fromRoster) return fromRoster;
  const name = nameField(repeatField.fields);
  const value = name && row && typeof row === 'object' ? row[name.name] : undefined;
  return typeof value === 'string' && value.trim() ? value.trim() : t('row_n', { n: index + 1 });
}

/** "ผู้เข้าร่วม › สมชาย ใจดี › อายุ" for an answer path (a list of names and row numbers). */
export function pathLabel(definition, answers, path) {
  const names = [];
  let fields = definition.fields;
  let field = null;
  let here = answers;
  for (const part of path) {
    if (typeof part === 'number' || /^\d+$/.test(String(part))) {
      const index = Number(part);
      here = Array.isArray(here) ? here[index] : undefined;
      names.push(field?.type === 'repeat' ? rowTitle(field, here, index) : `#${index + 1}`);
      continue;
    }
    field = fields?.find((f) => f.name === part) || null;
    here = here && typeof here === 'object' ? here[part] : undefined;
    names.push(field ? label(field.label, part) : part);
    fields = field?.fields;
  }
  return names.join(' › ');
}

/** Choices short and few enough to sit side by side as one row of buttons on a 360 px screen. */
export function fitsOneRow(choices) {
  const labels = choices.map((c) => [...label(c.label, String(c.value))].length);
  return choices.length <= 4 && labels.every((n) => n <= 10) && labels.reduce((a, b) => a + b, 0) <= 24;
}

/** The fields on a row's own line: its name (or the roster person it is about) and its first unconditional yes/no. */
function lineFields(repeatField) {
  const { fields } = repeatField;
  const tick = fields.find((f) => f.type === 'boolean' && f.relevant === undefined);
  return [rowsFromField(repeatField) || nameField(fields), tick].filter(Boolean);
}

/** A copy of `row` for the next one: everything but its name and what is calculated. */
export function copyRow(repeatField, row) {
  const name = nameField(repeatField.fields);
  const copy = structuredClone(row || {});
  for (const field of repeatField.fields) {
    if (field === name || field.type === 'calculate') delete copy[field.name];
  }
  return copy;
}

const openers = new WeakMap(); // row element -> open(), for the problem bar

/** Open the closed rows that hold `element` (a row inside a row too). */
export function openRowOf(element) {
  for (let row = element.closest('.row'); row; row = row.parentElement?.closest('.row')) {
    openers.get(row)?.(true);
  }
}

export function repeatTable(view, field, path) {
  const key = pathKey(path);
  const rows = el('div', { class: 'rows' });
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const inline = lineFields(field);
  const columns = el('div', { class: 'row-columns', 'aria-hidden': 'true' },
    el('span', { class: 'row-no', text: '#' }),
    ...inline.map((f) => el('span', { class: `col type-${f.type}`, text: label(f.label, f.name) })));
  const add = el('button', { type: 'button', class: 'secondary add-row', 'data-action': 'add-row',
    text: t('add_row', { label: label(field.label, '') }) });
  const copy = el('button', { type: 'button', class: 'secondary copy-row', 'data-action': 'copy-row', text: t('copy_previous_row') });
  const box = el('fieldset', { class: 'repeat compact', 'data-path': key },
    el('legend', {}, label(field.label, field.name), field.required ? el('span', { class: 'req', text: '*' }) : null),
    field.hint ? el('p', { class: 'hint', text: label(field.hint) }) : null, error, columns, rows,
    el('div', { class: 'row-adders' }, add, copy));
  const node = view.register(path, field, box, { error, rows, inline, columns, copy, rowViews: [] });
  const filler = rosterFiller(view, node, () => renderRows(view, node));
  if (filler) columns.before(filler);
  const addRow = (row) => {
    const list = getIn(view.answers, path) || [];
    if (field.max_items !== undefined && list.length >= field.max_items) return;
    // The new row is the one being typed: it opens, the others close.
    for (const open of [...view.openRows]) if (open.startsWith(`${key}.`)) view.openRows.delete(open);
    view.openRows.add(`${key}.${list.length}`);
    view.set(path, [...list, row]);
    renderRows(view, node);
    view.onPlace();
    const last = node.rowViews[node.rowViews.length - 1];
    last?.card.querySelector('input:not([type=checkbox]), textarea, select')?.focus();
  };
  add.addEventListener('click', () => addRow(newAnswers(field.fields)));
  copy.addEventListener('click', () => {
    const list = getIn(view.answers, path) || [];
    if (list.length) addRow(copyRow(field, list[list.length - 1]));
  });
  if (field.count !== undefined) view.afterRefresh.push(() => keepCount(view, node));
  if (!view.rowSummaries) {
    view.rowSummaries = true;
    view.afterRefresh.push(() => summariseRows(view));
  }
  renderRows(view, node);
  return box;
}

/**
 * A repeat with `count` gets its rows made up to the number (XLSForm's repeat_count: "one row
 * per child in the household"). Rows beyond it are not removed: they may hold answers, and
 * the message says how many there should be.
 */
function keepCount(view, node) {
  if (!view.root.contains(node.wrapper)) return false;
  let wanted = null;
  try { wanted = apply(node.field.count, dataAt(view, node.path)); } catch { wanted = null; }
  const list = getIn(view.answers, node.path) || [];
  const most = node.field.max_items ?? 200;
  if (view.readOnly || !Number.isInteger(wanted) || wanted <= list.length || wanted > most) return true;
  queueMicrotask(() => {
    const rows = getIn(view.answers, node.path) || [];
    if (rows.length >= wanted) return;
    view.set(node.path, [...rows, ...Array.from({ length: wanted - rows.length }, () => newAnswers(node.field.fields))]);
    renderRows(view, node);
  });
  return true;
}

/** (Re)build a repeat's rows from the answers. */
export function renderRows(view, node) {
  const prefix = `${node.key}.`;
  view.nodes = view.nodes.filter((n) => !n.key.startsWith(prefix));
  const list = getIn(view.answers, node.path) || [];
  node.rowViews = list.map((_, index) => buildRow(view, node, index));
  node.rows.replaceChildren(...node.rowViews.map((r) => r.card));
  node.copy.hidden = !list.length;
  node.columns.hidden = !list.length;
  if (view.result) view.refresh();
}

function buildRow(view, node, index) {
  const rowPath = [...node.path, index];
  const key = pathKey(rowPath);
  // A row with no name yet is one being typed, and one the server found wrong is to be fixed: they start open.
  const row = getIn(view.answers, rowPath);
  const name = rowsFromField(node.field) || nameField(node.field.fields);
  const open = view.openRows.has(key) || Boolean(name && !(row && typeof row === 'object' && row[name.name]))
    || Object.keys(view.serverErrors).some((k) => k.startsWith(`${key}.`));
  const line = el('div', { class: 'row-line' }, el('span', { class: 'row-no', text: String(index + 1) }));
  const more = el('div', { class: 'row-more', hidden: !open });
  const problems = el('p', { class: 'row-problems error', hidden: true });
  const toggle = el('button', { type: 'button', class: 'row-toggle ghost', 'data-action': 'row-details', 'aria-expanded': String(open) });
  const card = el('div', { class: `row${open ? ' open' : ''}`, 'data-path': key }, line, problems, more);
  for (const field of node.field.fields) {
    const path = [...rowPath, field.name];
    if (!node.inline.includes(field)) more.append(view.renderField(field, path));
    else if (field.type === 'boolean') line.append(tick(view, field, path));
    else if (field.name === node.field.rows_from && getIn(view.answers, path) !== undefined) line.append(rosterName(view, node.field, field, path));
    else line.append(view.renderField(field, path));
  }
  line.append(toggle);
  more.append(el('div', { class: 'row-tools' }, el('button', { type: 'button', class: 'ghost danger', 'data-action': 'remove-row',
    text: t('remove_row'), onclick: () => removeRow(view, node, index) })));
  const setOpen = (value) => {
    if (value === !more.hidden) return;
    more.hidden = !value;
    card.classList.toggle('open', value);
    toggle.setAttribute('aria-expanded', String(value));
    if (value) view.openRows.add(key); else view.openRows.delete(key);
    summariseRows(view);
    view.onPlace();
  };
  openers.set(card, setOpen);
  toggle.addEventListener('click', () => setOpen(more.hidden));
  problems.addEventListener('click', () => setOpen(true));
  return { card, key, index, problems, toggle, more };
}

function removeRow(view, node, index) {
  const list = getIn(view.answers, node.path) || [];
  if (!window.confirm(t('remove_row_confirm', { n: `${index + 1} (${rowTitle(node.field, list[index], index)})` }))) return;
  const next = list.filter((_, i) => i !== index);
  view.set(node.path, next.length ? next : undefined);
  // Paths after the removed row shift by one: their messages and open states are about other rows now.
  const prefix = `${node.key}.`;
  view.serverErrors = Object.fromEntries(Object.entries(view.serverErrors).filter(([k]) => !k.startsWith(prefix)));
  for (const open of [...view.openRows]) if (open.startsWith(prefix)) view.openRows.delete(open);
  renderRows(view, node);
  view.onPlace();
}

/** The roster person a row is about, as a name (not a picker: the row was made for them). */
function rosterName(view, repeatField, field, path) {
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const wrapper = el('div', { class: 'field row-name', 'data-path': pathKey(path) },
    el('span', { text: rosterRowTitle(repeatField, { [field.name]: getIn(view.answers, path) }) }), error);
  view.register(path, field, wrapper, { error });
  return wrapper;
}

/** A yes/no as one tick on the row's line: one tap says yes, another no; unanswered shows as a dash. */
function tick(view, field, path) {
  const value = getIn(view.answers, path);
  const input = el('input', { type: 'checkbox', 'aria-label': label(field.label, field.name) });
  const word = el('span', { class: 'tick-word' });
  const show = (v) => {
    input.checked = v === true;
    input.indeterminate = v === undefined || v === null;
    word.textContent = v === true ? t('yes') : v === false ? t('no') : '–';
  };
  input.addEventListener('change', () => { show(input.checked); view.set(path, input.checked); });
  show(value);
  const error = el('p', { class: 'error', role: 'alert', hidden: true });
  const wrapper = el('label', { class: 'field tick type-boolean', 'data-path': pathKey(path) }, input, word, error);
  view.register(path, field, wrapper, { error });
  return wrapper;
}

/** Under each row: what is wrong in it, named by the row (all of it when closed, its line's when open). */
function summariseRows(view) {
  for (const node of view.nodes) {
    if (!node.rowViews) continue;
    const list = getIn(view.answers, node.path) || [];
    for (const row of node.rowViews) {
      const title = rowTitle(node.field, list[row.index], row.index);
      row.toggle.setAttribute('aria-label', t('row_details', { name: title }));
      const open = !row.more.hidden;
      const wrong = view.nodes.filter((n) => n.key.startsWith(`${row.key}.`) && n.error && !n.error.hidden
        && !n.wrapper.hidden && (!open || !row.more.contains(n.wrapper)));
      const text = wrong.map((n) => `${label(n.field.label, n.field.name)} ${n.error.textContent}`).join(' · ');
      row.problems.hidden = !text;
      row.problems.textContent = text ? t('row_problems', { name: title, problems: text }) : '';
      row.card.classList.toggle('invalid', wrong.length > 0 || (open && row.more.querySelector('.invalid') !== null));
    }
  }
}
