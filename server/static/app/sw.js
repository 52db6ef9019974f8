// The app shell, offline. The server writes the version and file list in place of the
// placeholder below as it serves this file (server/client_app.py), so any change to the app
// changes this worker, and the browser installs it beside the old one.
//
// Only the shell lives in this cache. Drafts, submissions, form definitions and the bytes of
// photos, signatures and documents live in IndexedDB, which survives a new version; the API
// (uploads included) is outside this worker's scope and never cached here, and nothing
// fetched is ever put into the cache after install.

const SHELL = /*SHELL*/null || { version: 'dev', files: ['./'] };
const CACHE = `tambon-shell-${SHELL.version}`;
const INDEX = new URL('./', self.registration.scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Straight from the server, not from the HTTP cache: the shell must match this version.
    await cache.addAll(SHELL.files.map((file) => new Request(file, { cache: 'reload' })));
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith('tambon-shell-') && name !== CACHE)
      .map((name) => caches.delete(name)));
    await self.clients.claim();
  })());
});

// The page asks for this once the officer agrees to update (their drafts are already saved).
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.href.startsWith(self.registration.scope)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Every page of the app is the one index.html; the router reads the #hash.
    const key = request.mode === 'navigate' ? INDEX : request;
    const hit = await cache.match(key, { ignoreSearch: request.mode === 'navigate' });
    return hit || fetch(request);
  })());
});
