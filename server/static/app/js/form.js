// Renders a form definition as touch-friendly fields and keeps the answers object in step
// with what is typed. Every change re-runs the form's logic (model.js): fields appear and
// disappear, computed values update, and messages show next to the field they are about.

import { formatDate, isoOffset, label, t } from './i18n.js';
import { evaluate, getIn, newAnswers, pathKey, setIn } from './model.js';

const RADIO_LIMIT = 6; // more choices than this go in a drop-down list

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

let uid = 0;
const nextId = () => `f${(uid += 1)}`;

function parseNumber(text, integer) {
  const clean = text.trim().replace(/,/g, '');
  if (!clean) return undefined;
  const ok = integer ? /^[-+]?\d+$/.test(clean) : /^[-+]?(\d+\.?\d*|\.\d+)$/.test(clean);
  return ok ? Number(clean) : text; // kept as typed, so the officer sees what to fix
}

export class FormView {
  /**
   * @param {HTMLElement} root where the form goes
   * @param {object} definition the form definition
   * @param {object} answers the working answers; changed in place
   * @param {object} options onChange(answers), serverErrors {path: [msg]}, readOnly
   */
  constructor(root, definition, answers, { onChange = () => {}, serverErrors = {}, readOnly = false } = {}) {
    this.root = root;
    this.definition = definition;
    this.answers = answers;
    this.onChange = onChange;
    this.serverErrors = { ...serverErrors };
    this.readOnly = readOnly;
    this.touched = new Set();
    this.showAll = Object.keys(serverErrors).length > 0;
    this.nodes = [];
    this.result = null;
    this.render();
  }

  render() {
    this.nodes = [];
    const form = el('form', { class: 'form', novalidate: true, onsubmit: (e) => e.preventDefault() });
    const body = el('fieldset', { class: 'plain', disabled: this.readOnly });
    this.renderFields(body, this.definition.fields, []);
    form.append(body);
    this.root.replaceChildren(form);
    this.refresh();
  }

  renderFields(container, fields, base) {
    for (const field of fields) container.append(this.renderField(field, [...base, field.name]));
  }

  register(path, field, wrapper, extra = {}) {
    const node = { path, key: pathKey(path), field, wrapper, ...extra };
    this.nodes.push(node);
    return node;
  }

  set(path, value) {
    setIn(this.answers, path, value);
    const key = pathKey(path);
    this.touched.add(key);
    delete this.serverErrors[key];
    this.refresh();
    this.onChange(this.answers);
  }

  /** The field's label and hint; `forId` ties the label to a single input. */
  heading(field, forId, labelId) {
    const required = field.required ? el('span', { class: 'req', title: t('required_mark'), text: '*' }) : null;
    const title = el(forId ? 'label' : 'span', { class: 'label', for: forId, id: labelId }, label(field.label, field.name), required);
    const hint = field.hint ? el('span', { class: 'hint', text: label(field.hint) }) : null;
    return [title, hint];
  }

  renderField(field, path) {
    const kind = field.type;
    if (kind === 'group') return this.renderGroup(field, path);
    if (kind === 'repeat') return this.renderRepeat(field, path);
    if (kind === 'note') {
      const wrapper = el('div', { class: 'note' }, el('p', { text: label(field.label) }),
        field.hint ? el('p', { class: 'hint', text: label(field.hint) }) : null);
      this.register(path, field, wrapper);
      return wrapper;
    }
    if (kind === 'calculate') {
      const output = el('output', { class: 'computed-value' });
      const wrapper = el('div', { class: 'field computed', 'data-path': pathKey(path) },
        el('span', { class: 'label', text: label(field.label, field.name) }),
        el('span', { class: 'hint', text: t('computed_auto') }), output);
      this.register(path, field, wrapper, { output });
      return wrapper;
    }
    const id = nextId();
    const labelId = `${id}-label`;
    const error = el('p', { class: 'error', role: 'alert', hidden: true });
    const widget = this.widget(field, path, id);
    // Choice lists and the location pair are groups of inputs: the label names the group.
    const grouped = widget.id !== id && !widget.querySelector(`#${id}`);
    if (grouped) widget.setAttribute('aria-labelledby', labelId);
    const wrapper = el('div', { class: `field type-${kind}`, 'data-path': pathKey(path) },
      ...this.heading(field, grouped ? null : id, labelId), widget, error);
    wrapper.addEventListener('focusout', () => {
      if (!this.touched.has(pathKey(path))) { this.touched.add(pathKey(path)); this.refresh(); }
    });
    this.register(path, field, wrapper, { error });
    return wrapper;
  }

  widget(field, path, id) {
    const value = getIn(this.answers, path);
    const kind = field.type;
    const set = (v) => this.set(path, v);
    switch (kind) {
      case 'textarea': {
        const area = el('textarea', { id, rows: 3, maxlength: field.max_length, oninput: (e) => set(e.target.value || undefined) });
        area.value = value ?? '';
        return area;
      }
      case 'integer':
      case 'decimal': {
        const input = el('input', { id, type: 'text', inputmode: kind === 'integer' ? 'numeric' : 'decimal', autocomplete: 'off',
          oninput: (e) => set(parseNumber(e.target.value, kind === 'integer')) });
        input.value = value ?? '';
        return input;
      }
      case 'date': {
        const readout = el('span', { class: 'be', text: formatDate(value) });
        const input = el('input', { id, type: 'date', min: field.min, max: field.max, oninput: (e) => {
          readout.textContent = formatDate(e.target.value);
          set(e.target.value || undefined);
        } });
        input.value = value ?? '';
        return el('div', { class: 'date' }, input, readout);
      }
      case 'time': {
        const input = el('input', { id, type: 'time', oninput: (e) => set(e.target.value || undefined) });
        input.value = value ?? '';
        return input;
      }
      case 'datetime': {
        const readout = el('span', { class: 'be', text: formatDate(value) });
        const input = el('input', { id, type: 'datetime-local', oninput: (e) => {
          readout.textContent = formatDate(e.target.value);
          set(e.target.value ? `${e.target.value.slice(0, 16)}:00${isoOffset(new Date(e.target.value))}` : undefined);
        } });
        input.value = typeof value === 'string' ? value.slice(0, 16) : '';
        return el('div', { class: 'date' }, input, readout);
      }
      case 'boolean':
        return this.choiceList([{ value: true, label: t('yes') }, { value: false, label: t('no') }],
          'radio', value, set, 'segmented');
      case 'select_one':
        if (field.choices.length > RADIO_LIMIT) {
          const select = el('select', { id, onchange: (e) => set(e.target.value || undefined) },
            el('option', { value: '', text: t('choose') }),
            ...field.choices.map((c) => el('option', { value: c.value, text: label(c.label, c.value) })));
          select.value = value ?? '';
          return select;
        }
        return this.choiceList(field.choices.map((c) => ({ value: c.value, label: label(c.label, c.value) })),
          'radio', value, set);
      case 'select_multiple':
        return this.choiceList(field.choices.map((c) => ({ value: c.value, label: label(c.label, c.value) })),
          'checkbox', value, (checked) => {
            const order = field.choices.map((c) => c.value);
            set(checked.length ? order.filter((v) => checked.includes(v)) : undefined);
          });
      case 'geopoint':
        return this.geopoint(value, set);
      default: { // text, phone
        const input = el('input', { id, type: kind === 'phone' ? 'tel' : 'text', maxlength: field.max_length,
          autocomplete: 'off', inputmode: kind === 'phone' ? 'tel' : undefined,
          oninput: (e) => set(e.target.value || undefined) });
        input.value = value ?? '';
        return input;
      }
    }
  }

  /** Radio buttons or check boxes, each a whole-row touch target. */
  choiceList(choices, type, value, set, extraClass = '') {
    const name = nextId();
    const box = el('div', { class: `choices ${extraClass}`, role: type === 'radio' ? 'radiogroup' : 'group' });
    const chosen = type === 'checkbox' ? new Set(value || []) : null;
    for (const choice of choices) {
      const input = el('input', { type, name, value: String(choice.value) });
      input.checked = type === 'checkbox' ? chosen.has(choice.value) : value === choice.value;
      input.addEventListener('change', () => {
        if (type === 'radio') { set(choice.value); return; }
        if (input.checked) chosen.add(choice.value); else chosen.delete(choice.value);
        set([...chosen]);
      });
      box.append(el('label', { class: 'choice' }, input, el('span', { text: choice.label })));
    }
    return box;
  }

  geopoint(value, set) {
    const status = el('span', { class: 'hint' });
    const lat = el('input', { type: 'text', inputmode: 'decimal', placeholder: t('latitude'), 'aria-label': t('latitude') });
    const lon = el('input', { type: 'text', inputmode: 'decimal', placeholder: t('longitude'), 'aria-label': t('longitude') });
    const show = (point) => {
      lat.value = point?.lat ?? '';
      lon.value = point?.lon ?? '';
      status.textContent = point?.accuracy !== undefined ? t('accuracy', { m: Math.round(point.accuracy) }) : '';
    };
    const typed = () => {
      const point = { lat: parseNumber(lat.value, false), lon: parseNumber(lon.value, false) };
      set(point.lat === undefined && point.lon === undefined ? undefined : point);
    };
    lat.addEventListener('input', typed);
    lon.addEventListener('input', typed);
    const locate = el('button', { type: 'button', class: 'secondary', text: t('use_location'), onclick: () => {
      status.textContent = t('locating');
      navigator.geolocation.getCurrentPosition((position) => {
        const { latitude, longitude, accuracy } = position.coords;
        const point = { lat: Number(latitude.toFixed(6)), lon: Number(longitude.toFixed(6)), accuracy: Math.round(accuracy * 10) / 10 };
        show(point);
        set(point);
      }, (err) => { status.textContent = t('location_failed', { why: err.message }); },
      { enableHighAccuracy: true, timeout: 30000, maximumAge: 60000 });
    } });
    show(value);
    return el('div', { class: 'geo' }, locate, el('div', { class: 'pair' }, lat, lon), status);
  }

  renderGroup(field, path) {
    const box = el('fieldset', { class: 'group', 'data-path': pathKey(path) },
      el('legend', { text: label(field.label, field.name) }),
      field.hint ? el('p', { class: 'hint', text: label(field.hint) }) : null);
    const error = el('p', { class: 'error', role: 'alert', hidden: true });
    box.append(error);
    this.register(path, field, box, { error });
    this.renderFields(box, field.fields, path);
    return box;
  }

  renderRepeat(field, path) {
    const rows = el('div', { class: 'rows' });
    const error = el('p', { class: 'error', role: 'alert', hidden: true });
    const add = el('button', { type: 'button', class: 'secondary add-row', text: t('add_row', { label: label(field.label, '') }) });
    const box = el('fieldset', { class: 'repeat', 'data-path': pathKey(path) },
      el('legend', {}, label(field.label, field.name), field.required ? el('span', { class: 'req', text: '*' }) : null),
      field.hint ? el('p', { class: 'hint', text: label(field.hint) }) : null, error, rows, add);
    const node = this.register(path, field, box, { error });
    add.addEventListener('click', () => {
      const list = getIn(this.answers, path) || [];
      if (field.max_items !== undefined && list.length >= field.max_items) return;
      this.set(path, [...list, newAnswers(field.fields)]);
      this.renderRows(node, rows);
      rows.lastElementChild?.querySelector('input, textarea, select')?.focus();
    });
    this.renderRows(node, rows);
    return box;
  }

  renderRows(node, rows) {
    const prefix = `${node.key}.`;
    this.nodes = this.nodes.filter((n) => !n.key.startsWith(prefix));
    const list = getIn(this.answers, node.path) || [];
    rows.replaceChildren(...list.map((_, index) => {
      const rowPath = [...node.path, index];
      const remove = el('button', { type: 'button', class: 'ghost danger', text: t('remove_row'), onclick: () => {
        if (!window.confirm(t('remove_row_confirm', { n: index + 1 }))) return;
        const current = getIn(this.answers, node.path) || [];
        const next = current.filter((__, i) => i !== index);
        this.set(node.path, next.length ? next : undefined);
        // Paths after the removed row shift by one: their messages are about other rows now.
        this.serverErrors = Object.fromEntries(Object.entries(this.serverErrors).filter(([k]) => !k.startsWith(prefix)));
        this.renderRows(node, rows);
      } });
      const card = el('div', { class: 'row', 'data-path': pathKey(rowPath) },
        el('div', { class: 'row-head' }, el('strong', { text: t('row_n', { n: index + 1 }) }), remove));
      this.renderFields(card, node.field.fields, rowPath);
      return card;
    }));
    if (this.result) this.refresh();
  }

  /** Re-run the form's logic and show its outcome; returns it ({answers, errors, hidden, computed}). */
  refresh() {
    const result = evaluate(this.definition, this.answers);
    this.result = result;
    for (const node of this.nodes) {
      node.wrapper.hidden = result.hidden.has(node.key);
      if (node.output) {
        const value = result.computed.get(node.key);
        const none = value === null || value === undefined || Number.isNaN(value); // NaN: an input is empty
        node.output.textContent = none ? '–' : String(value);
      }
      if (node.error) {
        const shown = this.showAll || this.touched.has(node.key) || this.touchedInside(node);
        const messages = this.serverErrors[node.key] || (shown ? result.errors[node.key] : null);
        node.error.hidden = !messages;
        node.error.textContent = messages ? messages.join(' ') : '';
        node.wrapper.classList.toggle('invalid', Boolean(messages));
      }
    }
    return result;
  }

  touchedInside(node) {
    if (node.field.type !== 'repeat' && node.field.type !== 'group') return false;
    const prefix = `${node.key}.`;
    for (const key of this.touched) if (key.startsWith(prefix)) return true;
    return false;
  }

  /** Show every message and scroll to the first; returns how many fields the phone finds wrong. */
  revealErrors() {
    this.showAll = true;
    const result = this.refresh();
    const count = Object.keys(result.errors).length;
    const first = this.nodes.find((n) => n.error && !n.error.hidden && !n.wrapper.closest('[hidden]'));
    first?.wrapper.scrollIntoView({ block: 'center' });
    return count;
  }
}

export { el };
