// Where the officer was in a long form: the scroll position and which rows were open, kept per
// submission in localStorage, so a reload (or the app killed in the background) comes back to
// the same place instead of the top of a 30-row form.

const KEY = 'tambon.place';
const KEEP = 20; // the places of the 20 submissions touched last

function all() {
  try {
    return JSON.parse(localStorage.getItem(KEY) || '{}') || {};
  } catch {
    return {};
  }
}

/** {y, open: [row keys]} last kept for submission `uuid`. */
export function readPlace(uuid) {
  const place = all()[uuid];
  return { y: Number(place?.y) || 0, open: Array.isArray(place?.open) ? place.open : [] };
}

function write(uuid, place) {
  const places = all();
  places[uuid] = { ...place, at: Date.now() };
  const newest = Object.entries(places).sort((a, b) => b[1].at - a[1].at).slice(0, KEEP);
  try {
    localStorage.setItem(KEY, JSON.stringify(Object.fromEntries(newest)));
  } catch { /* storage full: the place is a convenience */ }
}

/**
 * Go back to where the officer was in `uuid`'s form once it is on the screen, then keep the
 * place as they scroll and open rows, until they leave the form. Returns `save`, for the view.
 */
export function keepPlace(uuid, openRows) {
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
  const hash = location.hash;
  let timer = null;
  let active = false;
  const save = () => {
    if (!active || location.hash !== hash) return;
    write(uuid, { y: Math.round(window.scrollY), open: [...openRows()] });
  };
  const onScroll = () => {
    clearTimeout(timer);
    timer = setTimeout(save, 150);
  };
  const stop = () => {
    if (location.hash === hash) return;
    window.removeEventListener('scroll', onScroll);
    window.removeEventListener('hashchange', stop);
  };
  const { y } = readPlace(uuid);
  // After the screen is in the page (the router puts it there once this screen's work is done).
  setTimeout(() => {
    if (location.hash !== hash) return;
    window.scrollTo(0, y);
    active = true;
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('hashchange', stop);
  }, 0);
  return save;
}
