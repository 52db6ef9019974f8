// The HTTP side of PROTOCOL.md: one function per call the phone makes, one error type.

import { getLang } from './i18n.js';

export class ApiError extends Error {
  /** `status` 0 means the request never got an answer (no signal, server down, cut off). */
  constructor(status, code, message, details = {}, retryAfter = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }

  get retryable() {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** Seconds from a Retry-After header (a number or an HTTP date), or null. */
function retryAfterSeconds(header) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const when = Date.parse(header);
  return Number.isNaN(when) ? null : Math.max(0, (when - Date.now()) / 1000);
}

const GZIP_FROM = 16 * 1024; // small bodies are not worth the CPU of a cheap phone

async function gzip(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).arrayBuffer();
}

export class Api {
  constructor(base, auth) {
    this.base = base.replace(/\/+$/, '');
    this.auth = auth; // "Bearer <token>" or "Basic <b64>"
  }

  static basic(username, password) {
    const bytes = new TextEncoder().encode(`${username}:${password}`);
    return `Basic ${btoa(String.fromCharCode(...bytes))}`;
  }

  /** `body` goes as JSON; `raw` (a Blob) goes as it is, its type in `headers`. */
  async request(method, path, { body, raw, headers = {}, timeoutMs = 60000 } = {}) {
    // No cookies, and no ambient credentials: with them, a 401 carrying a Basic challenge
    // would make the browser pop up its own password dialog (Fetch standard, HTTP-network
    // -or-cache fetch) instead of letting the app say what went wrong.
    // The server words its refusals in the language the officer reads the app in.
    const init = {
      method,
      headers: { Accept: 'application/json', 'Accept-Language': getLang(), ...headers },
      cache: 'no-store',
      credentials: 'omit',
    };
    if (this.auth) init.headers.Authorization = this.auth;
    if (raw !== undefined) init.body = raw;
    if (body !== undefined) {
      const text = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
      if (text.length >= GZIP_FROM && typeof CompressionStream === 'function') {
        init.body = await gzip(text);
        init.headers['Content-Encoding'] = 'gzip';
      } else {
        init.body = text;
      }
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response;
    try {
      response = await fetch(`${this.base}/api/v1${path}`, { ...init, signal: controller.signal });
    } catch (err) {
      throw new ApiError(0, 'network', err.name === 'AbortError' ? 'timed out' : err.message);
    } finally {
      clearTimeout(timer);
    }
    if (response.status === 304 || response.status === 204) return { status: response.status, headers: response.headers, data: null };
    let data = null;
    try {
      data = await response.json();
    } catch (err) {
      if (response.ok) throw new ApiError(0, 'network', `unreadable reply: ${err.message}`);
    }
    if (!response.ok) {
      const error = data?.error || {};
      throw new ApiError(response.status, error.code || `http_${response.status}`,
        error.message || response.statusText, error.details || {},
        retryAfterSeconds(response.headers.get('Retry-After')));
    }
    return { status: response.status, headers: response.headers, data };
  }

  /** Sign in with a person's password and get a token for this phone (shown once). */
  registerDevice(label) {
    return this.request('POST', '/devices', { body: { label } }).then((r) => r.data);
  }

  /** Exchange a one-time set-up code (from a QR code or typed) for this phone's token. */
  enrol(code, label) {
    return this.request('POST', '/enrol', { body: label ? { code, label } : { code } }).then((r) => r.data);
  }

  me() { return this.request('GET', '/me').then((r) => r.data); }

  revokeDevice() { return this.request('DELETE', '/devices/current'); }

  /** The current forms; `null` when they have not changed since `etag`. */
  async forms(etag) {
    const reply = await this.request('GET', '/forms', { headers: etag ? { 'If-None-Match': etag } : {} });
    return reply.status === 304 ? null : { etag: reply.headers.get('ETag'), forms: reply.data.forms };
  }

  definition(formId, version) {
    const path = `/forms/${encodeURIComponent(formId)}/versions/${encodeURIComponent(version)}`;
    return this.request('GET', path).then((r) => r.data);
  }

  /** `report` is what the phone tells about itself (Tambon-* headers, docs/protocol.md). */
  push(batch, report = {}) {
    return this.request('POST', '/sync/push', { body: batch, headers: report, timeoutMs: 120000 }).then((r) => r.data);
  }

  pull(cursor, report = {}) {
    const query = cursor ? `?since=${encodeURIComponent(cursor)}` : '';
    return this.request('GET', `/sync/pull${query}`, { headers: report }).then((r) => r.data);
  }

  /** One piece of a file's bytes: `range` {first, last, total} for a resumable upload. */
  putAttachment(sha256, blob, type, range = null) {
    const headers = { 'Content-Type': type };
    if (range) headers['Content-Range'] = `bytes ${range.first}-${range.last}/${range.total}`;
    return this.request('PUT', `/attachments/${sha256}`, { raw: blob, headers, timeoutMs: 120000 });
  }

  /** A small JPEG of a stored image, or null when the server has none to show. */
  async attachmentPreview(sha256) {
    const response = await fetch(`${this.base}/api/v1/attachments/${sha256}/preview`,
      { headers: { Authorization: this.auth }, credentials: 'omit' });
    return response.ok ? response.blob() : null;
  }

  /** How much of a file the server holds: {sha256, received, size, complete}. */
  attachmentStatus(sha256) {
    return this.request('GET', `/attachments/${sha256}/status`).then((r) => r.data);
  }
}
