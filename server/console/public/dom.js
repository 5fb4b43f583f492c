// Tiny DOM helpers: elements are built with textContent only (never innerHTML), so no data can inject markup.

/** h('a', { href: '#/x', class: 'y' }, 'text', child) -> element. `on*` attributes take listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table with a caption, headers and rows of cells (strings or nodes). */
export function table(caption, headers, rows, attrs = {}) {
  return h('table', attrs,
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.length ? rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))) : h('tr', {}, h('td', { colspan: headers.length }, 'None'))));
}

/** GET (or other) JSON, throwing a readable error for a non-2xx answer. */
export async function fetchJson(url, options = {}) {
  const res = await fetch(url, { ...options, headers: { accept: 'application/json', ...(options.headers ?? {}) } });
  const body = await res.json().catch(() => undefined);
  if (!res.ok) {
    const detail = body?.issue?.[0]?.diagnostics ?? body?.detail ?? res.statusText;
    throw new Error(`${res.status}: ${detail}`);
  }
  return body;
}

/** A status line announced to screen readers. */
export function status(text, kind = 'info') {
  return h('p', { class: `status ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export const money = (v) => (typeof v === 'number' ? v.toLocaleString('en-US', { style: 'currency', currency: 'USD' }) : '');
export const day = (s) => (s ?? '').slice(0, 10);

/** Runs an action, showing its failure in `out` rather than losing it. */
export async function guard(out, action) {
  try {
    await action();
  } catch (error) {
    mount(out, status(error.message, 'error'));
  }
}
