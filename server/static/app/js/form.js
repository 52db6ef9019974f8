// Renders a form definition as touch-friendly fields and keeps the answers object in step
// with what is typed. Every change re-runs the form's logic (model.js): fields appear and
// disappear, computed values update, and messages show next to the field they are about.

import { el, nextId } from './dom.js';
import { label, t } from './i18n.js';
import { MEDIA_TYPES, mediaWidget } from './media.js';
import { evaluate, getIn, pathKey, setIn } from './model.js';
import { isListField, listWidget } from './picker.js';
import { goToProblem } from './problems.js';
import { dateInput, showValue } from './readout.js';
import { refPicker, thaiIdInput } from './refs.js';
import { fitsOneRow, repeatTable } from './repeat_table.js';

const RADIO_LIMIT = 6; // more choices than this go in a drop-down list

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
   * @param {object} options onChange(answers), serverErrors {path: [msg]}, readOnly, openRows
   *   (keys of the repeat rows shown open), onPlace() (rows opened or closed)
   */
  constructor(root, definition, answers, {
    onChange = () => {}, serverErrors = {}, readOnly = false, openRows = [], onPlace = () => {}, uuid = null,
  } = {}) {
    this.uuid = uuid; // the submission's own, which a `ref` cannot point to
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
    this.openRows = new Set(openRows);
    this.onPlace = onPlace;
    this.afterRefresh = []; // (result) => void, run after every refresh: rows' summaries, problem bar
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
    if ((kind === 'select_one' || kind === 'select_multiple') && isListField(field)) return listWidget(this, field, path, id);
    if (MEDIA_TYPES.has(kind)) return mediaWidget(field, value, set, id);
    switch (kind) {
      case 'thai_id':
        return thaiIdInput(field, value, set, id);
      case 'ref':
        return refPicker(field, value, set, id, this.uuid);
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
      case 'date':
        return dateInput('date', field, value, set, id);
      case 'time': {
        const input = el('input', { id, type: 'time', oninput: (e) => set(e.target.value || undefined) });
        input.value = value ?? '';
        return input;
      }
      case 'datetime':
        return dateInput('datetime', field, value, set, id);
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
          'radio', value, set, fitsOneRow(field.choices) ? 'segmented' : '');
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
    return repeatTable(this, field, path);
  }

  /** Re-run the form's logic and show its outcome; returns it ({answers, errors, hidden, computed}). */
  refresh() {
    const result = evaluate(this.definition, this.answers);
    this.result = result;
    for (const node of this.nodes) {
      node.wrapper.hidden = result.hidden.has(node.key);
      if (node.output) {
        node.output.textContent = showValue(result.computed.get(node.key));
      }
      if (node.error) {
        const shown = this.showAll || this.touched.has(node.key) || this.touchedInside(node);
        const messages = this.serverErrors[node.key] || (shown ? result.errors[node.key] : null);
        node.error.hidden = !messages;
        node.error.textContent = messages ? messages.join(' ') : '';
        node.wrapper.classList.toggle('invalid', Boolean(messages));
      }
    }
    // A hook whose widget is gone (its row redrawn) says false and is dropped; hooks added
    // while they run (rows redrawn) are kept.
    const hooks = this.afterRefresh;
    this.afterRefresh = [];
    const kept = hooks.filter((hook) => hook(result) !== false);
    this.afterRefresh = [...kept, ...this.afterRefresh];
    return result;
  }

  touchedInside(node) {
    if (node.field.type !== 'repeat' && node.field.type !== 'group') return false;
    const prefix = `${node.key}.`;
    for (const key of this.touched) if (key.startsWith(prefix)) return true;
    return false;
  }

  /** Show every message and go to the first; returns how many fields the phone finds wrong. */
  revealErrors() {
    this.showAll = true;
    const result = this.refresh();
    goToProblem(this);
    return Object.keys(result.errors).length;
  }
}

export { el };
