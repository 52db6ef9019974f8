// The one way the phone's screens make elements, shared by the form and its widgets' modules.

/** `<tag attrs>children</tag>`: `text` sets the text, `on<event>` adds a listener, false/null attrs are left out. */
export function el(tag, attrs = {}, ...children) {
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
/** A fresh element id, unique on the page. */
export const nextId = () => `f${(uid += 1)}`;
