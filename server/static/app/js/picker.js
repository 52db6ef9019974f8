// Choices from lists, and choices narrowed by `choice_filter`: a search-as-you-type picker for
// long lists (7,451 sub-districts) that redraws only its own short result list per keystroke;
// inline choices that hide what the filter leaves out; and a cascade: changing a province
// clears the district and sub-district that no longer fit it.

import { el } from './dom.js';
import { label, t } from './i18n.js';
import { choiceIndex, itemLabel, itemOf, offered, passes, search } from './lists.js';
import { getIn, pathKey } from './model.js';

const SHOWN = 50; // results drawn at once: typing narrows, nobody scrolls 7,451 names
const SMALL = 12; // offered items this few are listed without typing

/** The answers as a field's logic sees them: `row` is the row a repeat field is in. */
export function dataAt(view, path) {
  const data = { ...view.answers };
  for (let i = path.length - 1; i >= 0; i -= 1) {
    if (typeof path[i] === 'number') { data.row = getIn(view.answers, path.slice(0, i + 1)); break; }
  }
  return data;
}

/** Whether a field's choices need this module: from a list, or filtered. */
export const isListField = (field) => Boolean(field.choices_from) || field.choice_filter !== undefined;

/** The widget of a select whose choices come from a list or are filtered. */
export function listWidget(view, field, path, id) {
  wire(view);
  if (field.type === 'select_one' && (field.choices_from || (field.choices || []).length > 6)) {
    return picker(view, field, path, id);
  }
  return filteredChoices(view, field, path);
}

function picker(view, field, path, id) {
  const key = pathKey(path);
  const picked = el('span', { class: 'picked' });
  const box = el('input', { id, type: 'search', autocomplete: 'off', enterkeyhint: 'search',
    placeholder: t('list_search'), 'aria-autocomplete': 'list' });
  const results = el('ul', { class: 'picks', role: 'listbox', hidden: true });
  const hint = el('span', { class: 'hint picker-hint', hidden: true });
  const show = () => {
    const value = getIn(view.answers, path);
    const item = value === undefined ? null : itemOf(field, value);
    picked.textContent = value === undefined ? '' : `${itemLabel(item) || value}${item?.retired ? ` (${t('list_item_retired')})` : ''}`;
    picked.hidden = value === undefined;
  };
  const draw = () => {
    const found = offered(field, dataAt(view, path));
    const typed = box.value.trim();
    hint.hidden = found.positions.length > 0;
    hint.textContent = found.positions.length ? '' : t('list_choose_first');
    if (!typed && found.positions.length > SMALL && document.activeElement !== box) { results.hidden = true; return; }
    const items = search(found, typed, SHOWN);
    results.replaceChildren(...items.map((item) => el('li', { role: 'option' },
      el('button', { type: 'button', class: 'pick', 'data-value': item.value }, itemLabel(item)))));
    if (typed && !items.length) results.append(el('li', { class: 'empty', text: t('list_no_match') }));
    results.hidden = !results.children.length;
  };
  box.addEventListener('input', draw);
  box.addEventListener('focus', draw);
  // Enter takes the first name found: typing "โสธ" and Enter is enough when it is the one.
  box.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    results.querySelector('button[data-value]')?.click();
  });
  results.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-value]');
    if (!button) return;
    box.value = '';
    results.hidden = true;
    view.set(path, button.dataset.value);
    show();
    clearStale(view, key);
  });
  show();
  const node = el('div', { class: 'picker' }, picked, box, hint, results);
  view.afterRefresh.push(() => view.root.contains(node) && (show(), true));
  return node;
}

/** Inline choices (or a short list) as buttons, the ones the filter leaves out hidden. */
function filteredChoices(view, field, path) {
  const type = field.type === 'select_one' ? 'radio' : 'checkbox';
  const all = choiceIndex(field).items;
  const choices = all.map((c) => ({ value: c.value, label: label(c.label, c.value) }));
  const value = getIn(view.answers, path);
  const box = view.choiceList(choices, type, value, (v) => {
    if (type === 'radio') view.set(path, v);
    else {
      const order = all.map((c) => c.value);
      view.set(path, v.length ? order.filter((x) => v.includes(x)) : undefined);
    }
  });
  const hideFiltered = () => {
    if (!view.root.contains(box)) return false;
    const data = dataAt(view, path);
    box.querySelectorAll('input').forEach((input, i) => {
      const item = all[i];
      input.closest('label').hidden = !input.checked && (Boolean(item.retired) || !passes(field, item, data));
    });
    return true;
  };
  view.afterRefresh.push(hideFiltered);
  return box;
}

/** After the officer changes an answer: clear list answers that no longer pass their filter. */
function clearStale(view, changedKey) {
  for (const node of [...view.nodes]) {
    const { field } = node;
    if (field.choice_filter === undefined || node.key === changedKey) continue;
    const value = getIn(view.answers, node.path);
    if (value === undefined) continue;
    const data = dataAt(view, node.path);
    const fits = (v) => { const item = choiceIndex(field).byValue.get(v); return !item || passes(field, item, data); };
    if (Array.isArray(value)) {
      const keep = value.filter(fits);
      if (keep.length !== value.length) view.set(node.path, keep.length ? keep : undefined);
    } else if (!fits(value)) {
      view.set(node.path, undefined);
      node.wrapper.querySelectorAll('input[type=radio]').forEach((input) => { input.checked = false; });
    }
  }
}

/** One listener per form: any change the officer makes may leave a filtered answer stale. */
function wire(view) {
  if (view.listsWired) return;
  view.listsWired = true;
  view.root.addEventListener('change', (event) => {
    const owner = event.target.closest('[data-path]');
    clearStale(view, owner?.dataset.path);
  });
}
