// Photos, signatures and documents in a form (FORMS.md v2: image, signature, file).
//
// The answer is a reference {sha256, name, type, size}; the bytes live in IndexedDB (db.js,
// store `files`, keyed by the hash of exactly the bytes kept) and travel apart from the batch
// (uploads.js). A photo is shrunk and re-encoded as JPEG on the phone before anything is
// kept, so a 12-megapixel picture never fills the phone nor crosses a slow link; a signature
// is drawn with a finger and kept as PNG. The bytes are in IndexedDB before the answer names
// them, so a draft never points at a file it does not have.

import { Api } from './api.js';
import * as db from './db.js';
import { el } from './dom.js';
import { formatBytes, t } from './i18n.js';
import { account } from './sync.js';

export const MEDIA_TYPES = new Set(['image', 'signature', 'file']);
export const DEFAULT_MAX_PIXELS = 1600;
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const JPEG_QUALITY = 0.85;
const SIGNATURE_SIZE = [600, 220]; // drawn at this size whatever the screen, so files stay small
const SIGNATURE_SAVE_AFTER_MS = 250; // after the finger lifts: one file per pause, not per stroke

/** The lowercase hex SHA-256 of a blob's bytes, the name the server knows the file by. */
export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function canvasOf(width, height) {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  return Object.assign(document.createElement('canvas'), { width, height });
}

function encode(canvas, type, quality) {
  if (canvas.convertToBlob) return canvas.convertToBlob({ type, quality });
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

/**
 * A photo as JPEG with its long edge at most `maxPixels`, turned upright as its EXIF
 * orientation says (the re-encoded file carries no EXIF, so no GPS or camera details either).
 */
export async function shrinkPhoto(file, maxPixels = DEFAULT_MAX_PIXELS) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const scale = Math.min(1, maxPixels / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = canvasOf(width, height);
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff'; // a transparent picture gets white, as JPEG has no transparency
    context.fillRect(0, 0, width, height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    return await encode(canvas, 'image/jpeg', JPEG_QUALITY);
  } finally {
    bitmap.close();
  }
}

/** A file name fit to show and to send: no folders, no control characters, not too long. */
export function cleanName(name, fallback, extension = null) {
  let clean = String(name || '').split(/[\\/]/).pop().replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!clean) clean = fallback;
  if (extension) clean = `${clean.replace(/\.[^.]*$/, '') || fallback}.${extension}`;
  return [...clean].slice(-120).join('');
}

/** Keep the bytes in IndexedDB and return the answer that names them. */
export async function keep(blob, name, type, kind) {
  const sha256 = await sha256Hex(blob);
  const bytes = blob.slice(0, blob.size, type);
  await db.addFile({ sha256, blob: bytes, name, type, size: blob.size, kind, stored_at: Date.now() });
  return { sha256, name, type, size: blob.size };
}

// --- showing what is kept ---------------------------------------------------------------------

/**
 * The picture's bytes: the phone's own, or once it has let go of them (the server has them),
 * the server's small preview when there is a signal; null when neither can be had.
 */
async function pictureBytes(sha256) {
  const record = await db.getFile(sha256);
  if (record) return record.blob;
  const acc = await account();
  if (!acc || !navigator.onLine) return null;
  try {
    return await new Api(acc.server, `Bearer ${acc.token}`).attachmentPreview(sha256);
  } catch {
    return null;
  }
}

/** An <img> of a kept image, or a line saying the phone no longer has it. */
function picture(ref, className) {
  const img = el('img', { class: className, alt: ref.name });
  pictureBytes(ref.sha256).then((blob) => {
    if (!blob) { img.replaceWith(el('p', { class: 'hint', text: t('phone_file_not_here') })); return; }
    const url = URL.createObjectURL(blob);
    img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
    img.src = url;
  });
  return img;
}

function removeButton(onRemove) {
  return el('button', { type: 'button', class: 'ghost danger', 'data-media': 'remove', onclick: () => {
    if (window.confirm(t('phone_file_remove_confirm'))) onRemove();
  } }, t('phone_file_remove'));
}

/** A hidden file input opened by a visible button (a touch target, and words we choose). */
function picker(id, text, attrs, onFile) {
  const input = el('input', { type: 'file', hidden: true, ...attrs });
  input.addEventListener('change', () => {
    const [file] = input.files;
    input.value = '';
    if (file) onFile(file);
  });
  const button = el('button', { type: 'button', class: 'secondary', id, onclick: () => input.click() }, text);
  return [button, input];
}

/** Whether a MIME type is one of `accept` (which may hold `image/*`-style wildcards). */
function accepted(type, accept) {
  if (!accept?.length) return true;
  return accept.some((a) => a === type || (a.endsWith('/*') && type.startsWith(a.slice(0, -1))));
}

function tooBig(size, field) {
  const max = field.max_bytes ?? DEFAULT_MAX_BYTES;
  return size > max ? t('phone_file_too_big', { size: formatBytes(size), max: formatBytes(max) }) : null;
}

// --- the widgets ------------------------------------------------------------------------------

function photoWidget(field, value, set, id) {
  const status = el('p', { class: 'hint', role: 'status' });
  const shown = el('div', { class: 'media-preview' });
  const take = async (file) => {
    status.textContent = t('phone_photo_working');
    let ref;
    try {
      const jpeg = await shrinkPhoto(file, field.max_pixels ?? DEFAULT_MAX_PIXELS);
      const problem = tooBig(jpeg.size, field);
      if (problem) { status.textContent = problem; return; }
      ref = await keep(jpeg, cleanName(file.name, 'photo', 'jpg'), 'image/jpeg', 'image');
    } catch {
      status.textContent = t('phone_photo_unreadable');
      return;
    }
    status.textContent = '';
    set(ref);
    show(ref);
  };
  const [camera, cameraInput] = picker(id, t('phone_photo_take'),
    { accept: 'image/*', capture: 'environment', 'data-media': 'camera' }, take);
  const [gallery, galleryInput] = picker(null, t('phone_photo_pick'),
    { accept: 'image/*', 'data-media': 'gallery' }, take);
  function show(ref) {
    camera.textContent = ref ? t('phone_photo_replace') : t('phone_photo_take');
    shown.replaceChildren(...(ref ? [picture(ref, 'thumb'), removeButton(() => { set(undefined); show(null); })] : []));
  }
  show(value);
  return el('div', { class: 'media' }, shown, el('div', { class: 'media-actions' }, camera, gallery),
    cameraInput, galleryInput, status);
}

function fileWidget(field, value, set, id) {
  const status = el('p', { class: 'hint', role: 'status' });
  const shown = el('div', { class: 'media-preview' });
  const attach = async (file) => {
    const type = file.type || 'application/octet-stream';
    const accept = field.accept || [];
    const problem = !accepted(type, accept) ? t('phone_file_wrong_type', { accept: accept.join(', ') })
      : tooBig(file.size, field);
    status.textContent = problem || '';
    if (problem) return;
    const ref = await keep(file, cleanName(file.name, 'document'), type, 'file');
    set(ref);
    show(ref);
  };
  const [button, input] = picker(id, t('phone_file_pick'),
    { accept: (field.accept || []).join(',') || undefined, 'data-media': 'file' }, attach);
  function show(ref) {
    shown.replaceChildren(...(ref ? [el('p', { class: 'file-name', text: `${ref.name} · ${formatBytes(ref.size)}` }),
      removeButton(() => { set(undefined); show(null); })] : []));
  }
  show(value);
  return el('div', { class: 'media' }, shown, button, input, status);
}

/** A finger-drawn signature on a canvas (pointer events), kept as PNG when the finger rests. */
function signatureWidget(field, value, set, id) {
  const [width, height] = SIGNATURE_SIZE;
  const canvas = el('canvas', { id, width, height, class: 'signature-pad', role: 'img',
    'aria-label': t('phone_signature_label'), 'data-media': 'signature' });
  const context = canvas.getContext('2d');
  const blank = () => {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, width, height);
  };
  blank();
  Object.assign(context, { strokeStyle: '#102a43', lineWidth: 3, lineCap: 'round', lineJoin: 'round' });
  if (value) {
    pictureBytes(value.sha256).then(async (blob) => {
      if (!blob) return;
      const bitmap = await createImageBitmap(blob);
      context.drawImage(bitmap, 0, 0, width, height);
      bitmap.close();
    });
  }
  const at = (event) => {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * (width / box.width), (event.clientY - box.top) * (height / box.height)];
  };
  const locked = () => Boolean(canvas.closest('fieldset')?.disabled);
  let last = null;
  let timer = null;
  let saving = Promise.resolve();
  const save = () => {
    saving = saving.then(async () => {
      const png = await encode(canvas, 'image/png');
      set(await keep(png, 'signature.png', 'image/png', 'signature'));
    });
  };
  canvas.addEventListener('pointerdown', (event) => {
    if (locked()) return;
    event.preventDefault();
    canvas.setPointerCapture(event.pointerId);
    clearTimeout(timer);
    last = at(event);
    context.beginPath();
    context.arc(last[0], last[1], context.lineWidth / 2, 0, 2 * Math.PI);
    context.fillStyle = context.strokeStyle;
    context.fill();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!last) return;
    const points = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    context.beginPath();
    context.moveTo(...last);
    for (const point of points.length ? points : [event]) {
      last = at(point);
      context.lineTo(...last);
    }
    context.stroke();
  });
  const lift = () => {
    if (!last) return;
    last = null;
    clearTimeout(timer);
    timer = setTimeout(save, SIGNATURE_SAVE_AFTER_MS);
  };
  canvas.addEventListener('pointerup', lift);
  canvas.addEventListener('pointercancel', lift);
  const clear = el('button', { type: 'button', class: 'secondary', 'data-media': 'clear', onclick: () => {
    clearTimeout(timer);
    blank();
    saving = saving.then(() => set(undefined));
  } }, t('phone_signature_clear'));
  return el('div', { class: 'media signature' }, el('p', { class: 'hint', text: t('phone_signature_hint') }),
    canvas, el('div', { class: 'media-actions' }, clear));
}

/** The widget of an image, signature or file field; `set` takes the reference or undefined. */
export function mediaWidget(field, value, set, id) {
  if (field.type === 'image') return photoWidget(field, value, set, id);
  if (field.type === 'signature') return signatureWidget(field, value, set, id);
  return fileWidget(field, value, set, id);
}
