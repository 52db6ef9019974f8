// Rosters on the phone (docs/forms.md, "Rosters"): the phone applies its own finished forms to
// its copy of each roster at once, offline, exactly as the server will when it stores them, so
// the next form offers the people just registered; and a repeat with `rows_from` opens with the
// roster's people as its rows (day 2: tick who came).

import { el } from './dom.js';
import { apply } from './jsonlogic.js';
import { t } from './i18n.js';
import { choiceIndex, getStored, itemLabel, offered, putStored, forget } from './lists.js';
import { getIn, newAnswers } from './model.js';
import { dataAt } from './picker.js';

const ITEM_VALUE = /^[A-Za-z0-9_\-.]{1,64}$/;

function evaluated(rule, data) {
  if (rule === undefined) return null;
  try {
    return apply(rule, data);
  } catch {
    return null;
  }
}

/** A value as roster text: numbers as JSON Logic's `cat` writes them, blanks and booleans as nothing. */
function text(value) {
  if (value === null || value === undefined || typeof value === 'boolean') return null;
  if (typeof value === 'number') value = apply({ cat: [value] });
  if (typeof value !== 'string') return null;
  return value.trim() || null;
}

/** Every roster declaration of a definition: [{decl, path}] with the repeat's dotted path (null: the form). */
function declarations(definition) {
  const found = definition.roster ? [{ decl: definition.roster, path: null }] : [];
  const walk = (fields, prefix) => {
    for (const field of fields || []) {
      const path = prefix ? `${prefix}.${field.name}` : field.name;
      if (field.type === 'repeat' && field.roster) found.push({ decl: field.roster, path });
      if (field.type === 'group') walk(field.fields, path);
    }
  };
  walk(definition.fields, '');
  return found;
}

/** What finished `answers` write to rosters, as forms/rosters.py computes it. */
export function rosterWrites(definition, answers, uuid) {
  const writes = [];
  for (const { decl, path } of declarations(definition)) {
    const rows = path === null ? [answers] : getIn(answers, path.split('.'));
    if (!Array.isArray(rows)) continue;
    rows.forEach((row, index) => {
      if (!row || typeof row !== 'object') return;
      const data = { ...answers, row, record: { uuid, row: index + 1 } };
      const value = text(evaluated(decl.value, data));
      if (value === null || !ITEM_VALUE.test(value)) return;
      const columns = {};
      for (const [name, rule] of Object.entries(decl.columns || {})) {
        const cell = evaluated(rule, data);
        if (cell !== null && cell !== undefined && cell !== '') columns[name] = typeof cell === 'object' ? String(cell) : cell;
      }
      writes.push({ list: decl.list, mode: decl.mode || 'upsert', value, label: text(evaluated(decl.label, data)), columns });
    });
  }
  return writes;
}

/**
 * Apply a finished form's roster writes to the phone's copies: an item is added (upsert) or
 * updated, a blank label or column keeping what it had; an "update" naming an unknown item
 * writes nothing (the server refuses it). The server's copy replaces these at the next pull.
 */
export async function applyOwnRosters(definition, answers, uuid) {
  const byList = new Map();
  for (const write of rosterWrites(definition, answers, uuid)) {
    if (!byList.has(write.list)) byList.set(write.list, []);
    byList.get(write.list).push(write);
  }
  for (const [listId, writes] of byList) {
    const record = (await getStored(listId)) || { list_id: listId, kind: 'roster', version: 0, hash: null, columns: [], items: [] };
    const items = [...record.items];
    const at = new Map(items.map((item, i) => [item.value, i]));
    for (const write of writes) {
      const i = at.get(write.value);
      if (i === undefined) {
        if (write.mode === 'update' || !write.label) continue;
        at.set(write.value, items.length);
        items.push({ value: write.value, label: { th: write.label }, ...write.columns, local: true });
      } else {
        const before = items[i];
        items[i] = { ...before, ...write.columns, ...(write.label ? { label: { ...before.label, th: write.label } } : {}), local: true };
      }
    }
    await putStored({ ...record, items });
    forget(listId);
  }
}

// --- rows from the roster ----------------------------------------------------------------------

/** The select a `rows_from` repeat's rows are about (its `rows_from` names it). */
export function rowsFromField(repeatField) {
  return repeatField.rows_from ? repeatField.fields.find((f) => f.name === repeatField.rows_from) || null : null;
}

/** The roster's name for a row of a `rows_from` repeat, or null. */
export function rosterRowTitle(repeatField, row) {
  const field = rowsFromField(repeatField);
  if (!field || !row || typeof row !== 'object' || row[field.name] === undefined) return null;
  const item = choiceIndex(field).byValue.get(row[field.name]);
  return item ? itemLabel(item) : String(row[field.name]);
}

/**
 * The button over a `rows_from` repeat: "take the 30 people of the roster", one row each
 * (with the row's defaults: present), leaving the rows already there. Hidden when none is left.
 */
export function rosterFiller(view, node, rerender) {
  const field = rowsFromField(node.field);
  if (!field) return null;
  const button = el('button', { type: 'button', class: 'secondary roster-fill', 'data-action': 'roster-fill' });
  const missing = () => {
    const rows = getIn(view.answers, node.path) || [];
    const have = new Set(rows.map((r) => r && r[field.name]));
    const found = offered(field, dataAt(view, [...node.path, rows.length, field.name]));
    return found.positions.map((i) => found.index.items[i]).filter((item) => !have.has(item.value));
  };
  const update = () => {
    const left = missing();
    button.hidden = left.length === 0 || view.readOnly;
    button.textContent = t('roster_fill', { n: left.length });
    return true;
  };
  button.addEventListener('click', () => {
    const rows = getIn(view.answers, node.path) || [];
    const added = missing().map((item) => ({ ...newAnswers(node.field.fields), [field.name]: item.value }));
    if (!added.length) return;
    view.set(node.path, [...rows, ...added]);
    rerender();
  });
  view.afterRefresh.push(update);
  update();
  return button;
}
