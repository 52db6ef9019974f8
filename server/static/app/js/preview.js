// The form preview of the admin's forms page: the phone's own renderer (form.js, model.js,
// jsonlogic.js) shows a definition the page sends, with its logic live. Nothing is stored
// and nothing syncs: the answers live in this page only. The page (static/web/forms.js)
// frames this file and posts {type: 'tambon-preview', definition, lang} to it.

import { FormView, el } from './form.js';
import { label, setLang, t } from './i18n.js';
import { newAnswers } from './model.js';

const view = document.getElementById('view');
let shown = null; // {key, definition, answers, formView}: kept across language switches

function render(definition, lang) {
  setLang(lang);
  const key = JSON.stringify(definition);
  const host = shown && shown.key === key ? shown.host : el('div');
  if (shown && shown.key === key) {
    shown.formView.render(); // same answers, same touched fields, the other language
  } else {
    const answers = newAnswers(definition.fields || []);
    shown = { key, host, formView: new FormView(host, definition, answers) };
  }
  const { formView } = shown;
  const verdict = el('p', { class: 'preview-verdict', role: 'status' });
  const check = el('button', { type: 'button', class: 'primary', 'data-action': 'check', onclick: () => {
    const problems = formView.revealErrors();
    verdict.textContent = problems ? t('finalise_blocked', { n: problems }) : t('preview_all_good');
    verdict.classList.toggle('bad', Boolean(problems));
  } }, t('preview_check'));
  view.replaceChildren(el('h1', { text: label(definition.title) }), host,
    el('div', { class: 'actions sticky' }, check), verdict);
}

window.addEventListener('message', (event) => {
  const data = event.data;
  if (event.origin !== window.location.origin || !data || data.type !== 'tambon-preview') return;
  if (!data.definition || !Array.isArray(data.definition.fields)) return;
  render(data.definition, data.lang);
});

document.querySelector('[data-i18n]').textContent = t('preview_waiting');
// Ask for the definition: the page may have sent it before this module was listening.
if (window.parent !== window) window.parent.postMessage({ type: 'tambon-preview-ready' }, window.location.origin);
