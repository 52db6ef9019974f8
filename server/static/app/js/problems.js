// "Next problem": after a finish that found errors, a bar at the bottom names one problem at a
// time (by the row's name inside repeats) and a tap goes to the next, opening its row and
// putting the cursor in it, so a long form is fixed without hunting through it.

import { el } from './dom.js';
import { t } from './i18n.js';
import { openRowOf, pathLabel } from './repeat_table.js';

/** The fields showing a message, in the order they are on the screen. */
function problems(view) {
  const byKey = new Map(view.nodes.filter((n) => n.error).map((n) => [n.key, n]));
  const found = [];
  for (const wrapper of view.root.querySelectorAll('[data-path]')) {
    const node = byKey.get(wrapper.dataset.path);
    if (!node || node.wrapper !== wrapper || node.error.hidden) continue;
    // Hidden because the rule says it does not apply (not merely inside a closed row).
    const gone = node.wrapper.hidden || node.wrapper.parentElement?.closest('[hidden]:not(.row-more)');
    if (!gone) found.push(node);
  }
  return found;
}

function barOf(view) {
  if (view.problemBar) return view.problemBar;
  const text = el('p', { class: 'problem-text', role: 'status' });
  const next = el('button', { type: 'button', class: 'secondary', 'data-action': 'next-problem', onclick: () => goToProblem(view, true) });
  const bar = el('div', { class: 'problem-bar' }, text, next);
  view.root.append(bar);
  view.problemBar = { bar, text, next, last: null };
  // The bar follows the answers: fixed problems drop out of its count as they are fixed.
  view.afterRefresh.push(() => describe(view));
  return view.problemBar;
}

function describe(view) {
  const state = view.problemBar;
  const found = problems(view);
  if (!found.length) {
    state.text.textContent = t('problems_fixed');
    state.next.hidden = true;
    return found;
  }
  const at = Math.max(0, found.findIndex((n) => n.key === state.last));
  const node = found[at];
  state.text.textContent = t('problem_at', { where: pathLabel(view.definition, view.answers, node.path), message: node.error.textContent });
  state.next.hidden = false;
  state.next.textContent = t('next_problem', { i: at + 1, n: found.length });
  return found;
}

/** Go to the first problem, or with `onward` to the one after the last visited (round again at the end). */
export function goToProblem(view, onward = false) {
  const state = barOf(view);
  const found = problems(view);
  if (!found.length) { describe(view); return; }
  let index = 0;
  if (onward && state.last) {
    const here = view.root.querySelector(`[data-path="${CSS.escape(state.last)}"]`);
    const after = here ? found.findIndex((n) => n.key !== state.last
      && (here.compareDocumentPosition(n.wrapper) & Node.DOCUMENT_POSITION_FOLLOWING)) : -1;
    index = after === -1 ? 0 : after;
  }
  const node = found[index];
  state.last = node.key;
  openRowOf(node.wrapper);
  node.wrapper.scrollIntoView({ block: 'center' });
  node.wrapper.querySelector('input, textarea, select')?.focus({ preventScroll: true });
  describe(view);
}
