// sitrep web app: a small hash-routed page over the JSON API.
// Every element is built with createElement/textContent: data is never parsed as HTML, so
// article text such as "<script>" is always shown as text. No inline handlers (the
// Content-Security-Policy forbids them); no external requests.
'use strict';

const EVENT_KINDS = ['arms_transfer', 'military_exercise', 'troop_movement', 'military_attack',
  'state_of_emergency', 'sanction', 'meeting', 'visit', 'agreement', 'statement', 'praise',
  'thanks', 'criticism', 'warning', 'threat', 'denial', 'protest', 'election', 'arrest', 'aid'];
const ARMS_STATUS = ['sought', 'planned', 'agreed', 'delivered', 'cancelled', 'rumoured'];

// ---- element building -------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}
function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}
function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'text') node.textContent = String(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
}
function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
// Only http(s) links from data become hrefs.
function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
}
function link(route, ...children) {
  return el('a', { href: '#' + route }, ...children);
}
function route(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v != null) q.set(k, v);
  const s = q.toString();
  return path + (s ? '?' + s : '');
}
function entityRoute(name) { return '/entity/' + encodeURIComponent(name); }
function articleRoute(id, params) { return route('/article/' + encodeURIComponent(id), params); }
function fmtNumber(v) {
  if (v === null || v === undefined) return '';
  if (Math.abs(v) >= 1e9) return (v / 1e9).toLocaleString('en', { maximumFractionDigits: 2 }) + ' bn';
  if (Math.abs(v) >= 1e6) return (v / 1e6).toLocaleString('en', { maximumFractionDigits: 2 }) + ' m';
  return v.toLocaleString('en');
}
function fmtValue(v) {
  if (!v) return '';
  const q = { more_than: '> ', less_than: '< ', at_least: '≥ ', at_most: '≤ ', approx: '~ ' }[v.qualifier] || '';
  return q + fmtNumber(v.amount) + (v.currency ? ' ' + v.currency : '');
}

// ---- API ------------------------------------------------------------------------------------
class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}
async function api(path, params) {
  const headers = {};
  const token = sessionStorage.getItem('sitrep-token');
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(route(path, params), { headers });
  let body = null;
  try { body = await res.json(); } catch (_) { body = null; }
  if (!res.ok) throw new ApiError(res.status, (body && body.error) || res.statusText);
  return body;
}

// ---- layout ----------------------------------------------------------------------------------
const main = () => document.getElementById('main');
function show(title, ...children) {
  document.title = title ? title + ' · sitrep' : 'sitrep';
  const m = main();
  m.replaceChildren(...children.flat(Infinity).filter(Boolean));
  for (const a of document.querySelectorAll('nav.site a')) {
    const here = location.hash.startsWith(a.getAttribute('href'));
    if (here) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
}
function failure(err) {
  if (err instanceof ApiError && err.status === 401) return tokenForm();
  return el('p', { class: 'error', role: 'alert' }, 'Error: ', err.message || String(err));
}
function tokenForm() {
  const input = el('input', { type: 'password', id: 'token', autocomplete: 'off', required: true });
  return el('form', {
    class: 'token', onsubmit: (e) => {
      e.preventDefault();
      sessionStorage.setItem('sitrep-token', input.value);
      render();
    },
  }, el('p', {}, 'This server needs an access token.'),
  el('label', { for: 'token' }, 'Token '), input, ' ', el('button', { type: 'submit' }, 'Use token'));
}
function field(name, label, value, attrs) {
  const id = 'f-' + name;
  return el('label', { for: id, class: 'field' }, el('span', {}, label),
    el('input', Object.assign({ id, name, value: value || '' }, attrs || {})));
}
function select(name, label, value, options) {
  const id = 'f-' + name;
  return el('label', { for: id, class: 'field' }, el('span', {}, label),
    el('select', { id, name },
      el('option', { value: '' }, 'any'),
      options.map((o) => el('option', { value: o, selected: o === value }, o.replace(/_/g, ' ')))));
}
// A GET form whose fields become the route's query.
function filterForm(path, params, fields, label) {
  return el('form', {
    class: 'filters', role: 'search', onsubmit: (e) => {
      e.preventDefault();
      const data = {};
      for (const [k, v] of new FormData(e.target)) data[k] = String(v).trim();
      location.hash = route(path, data);
    },
  }, fields, el('button', { type: 'submit' }, label || 'Apply'));
}
function pager(path, params, page) {
  const prev = page.offset > 0 ? link(route(path, Object.assign({}, params, { offset: Math.max(0, page.offset - page.limit) })), '← Previous') : null;
  const next = page.next_offset != null ? link(route(path, Object.assign({}, params, { offset: page.next_offset })), 'Next →') : null;
  return prev || next ? el('nav', { class: 'pager', 'aria-label': 'pages' }, prev, ' ', next) : null;
}
// "text with [hits]" → text nodes and <mark>s.
function snippet(text) {
  const parts = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0, m;
  while ((m = re.exec(text))) {
    parts.push(text.slice(last, m.index), el('mark', {}, m[1]));
    last = re.lastIndex;
  }
  parts.push(text.slice(last));
  return parts;
}

// ---- charts ----------------------------------------------------------------------------------
// Bars per month; series: [{label, cls, values: {month: n}}].
function monthChart(series, caption) {
  const months = [...new Set(series.flatMap((s) => Object.keys(s.values)))].sort();
  if (!months.length) return el('p', { class: 'muted' }, 'No dated data.');
  const W = 640, H = 160, pad = 28, max = Math.max(1, ...series.flatMap((s) => Object.values(s.values)));
  const band = (W - pad * 2) / months.length, bar = Math.max(2, band / (series.length + 1));
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': caption });
  chart.append(svg('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, class: 'axis' }));
  chart.append(svg('text', { x: 2, y: 12, class: 'tick' }, String(max)));
  months.forEach((mo, i) => {
    series.forEach((s, j) => {
      const v = s.values[mo] || 0, h = (H - pad * 2) * v / max;
      chart.append(svg('rect', { x: pad + i * band + j * bar, y: H - pad - h, width: bar - 1, height: h, class: s.cls },
        svg('title', {}, `${mo}: ${v} ${s.label}`)));
    });
    if (months.length <= 24 || i % Math.ceil(months.length / 12) === 0)
      chart.append(svg('text', { x: pad + i * band, y: H - pad + 14, class: 'tick' }, mo));
  });
  const legend = el('p', { class: 'legend' }, series.map((s) => el('span', { class: 'key ' + s.cls }, s.label)));
  return el('figure', {}, chart, el('figcaption', {}, caption), legend);
}

// ---- pages -----------------------------------------------------------------------------------
async function homePage() {
  const stats = await api('/api/stats');
  const t = stats.tables;
  return [el('h1', {}, 'sitrep'),
    el('p', { class: 'lead' }, `${fmtNumber(t.articles)} articles · ${fmtNumber(t.entities)} entities · ${fmtNumber(t.quotes)} quotes · ${fmtNumber(t.events)} events · ${fmtNumber(t.arms_transfers)} arms-transfer reports`),
    await searchPage({})];
}

async function searchPage(params) {
  const form = filterForm('/search', params, [
    field('q', 'Words', params.q, { type: 'search', placeholder: 'S-400 Belarus' }),
    field('since', 'From', params.since, { placeholder: 'YYYY-MM-DD', size: 10 }),
    field('until', 'To', params.until, { placeholder: 'YYYY-MM-DD', size: 10 }),
    field('actor', 'Actor', params.actor, { placeholder: 'RUS, Lukashenko', size: 12 }),
    select('kind', 'Event kind', params.kind, EVENT_KINDS),
    field('outlet', 'Outlet', params.outlet, { size: 12 }),
  ], 'Search');
  const out = [el('h2', {}, 'Search'), form];
  const page = await api('/api/search', Object.assign({ limit: 20 }, params));
  if (!page.items.length) out.push(el('p', { class: 'muted' }, 'No articles match.'));
  out.push(el('ol', { class: 'results', start: page.offset + 1 }, page.items.map((h) =>
    el('li', {},
      el('h3', {}, link(articleRoute(h.id), h.title || h.id)),
      el('p', { class: 'meta' }, [h.outlet, h.published].filter(Boolean).join(' · ')),
      el('p', { class: 'snippet' }, snippet(h.snippet))))));
  out.push(pager('/search', params, page));
  return out;
}

// Layers of the article view, outermost first.
const LAYERS = [
  { key: 'evidence', label: 'arms evidence' },
  { key: 'quote', label: 'quotes' },
  { key: 'event', label: 'events' },
  { key: 'entity', label: 'entities' },
  { key: 'amount', label: 'amounts' },
  { key: 'time', label: 'times' },
];

function articleFacts(doc) {
  const byId = Object.fromEntries((doc.entities || []).map((e) => [e.id, e]));
  const name = (id) => (byId[id] ? byId[id].name : id);
  const times = Object.fromEntries((doc.times || []).map((t) => [t.id, t]));
  const facts = [];
  for (const e of doc.entities || []) {
    const tip = [e.type, e.name, e.country, e.actor, e.link ? `${e.link.kb}:${e.link.id}` : null].filter(Boolean).join(' · ');
    for (const m of e.mentions || []) facts.push({ layer: 'entity', start: m.start, end: m.end, tip, cls: 'type-' + e.type, href: entityRoute(e.name) });
  }
  for (const a of doc.amounts || []) {
    const v = a.value != null ? fmtNumber(a.value) : (a.low != null ? `${fmtNumber(a.low)}–${fmtNumber(a.high)}` : 'vague');
    facts.push({ layer: 'amount', start: a.start, end: a.end, tip: `${a.kind}: ${v}${a.unit ? ' ' + a.unit : ''} (${a.qualifier})${a.of ? ' of ' + a.of : ''}` });
  }
  for (const t of doc.times || []) facts.push({ layer: 'time', start: t.start, end: t.end, tip: `${t.type} ${t.value || '?'}${t.mod ? ' ' + t.mod : ''}` });
  for (const q of doc.quotes || []) facts.push({ layer: 'quote', start: q.start, end: q.end, tip: `${q.kind} quote · ${q.speaker ? name(q.speaker) : (q.speaker_text || 'unknown speaker')}${q.cue ? ' · ' + q.cue : ''}` });
  for (const v of doc.events || []) {
    const when = v.time && times[v.time] ? ' · ' + (times[v.time].value || times[v.time].text) : '';
    facts.push({
      layer: 'event', start: v.start, end: v.end,
      tip: `${v.kind} (${v.modality}) · ${(v.source || []).map(name).join(', ') || '?'} → ${(v.target || []).map(name).join(', ') || '?'}${v.place ? ' @ ' + name(v.place) : ''}${when} · CAMEO ${v.cameo || '?'}`,
      href: route('/events', { kind: v.kind }),
    });
  }
  for (const x of doc.arms_transfers || []) {
    const items = (x.items || []).map((i) => (i.quantity ? i.quantity + ' × ' : '') + i.designation).join(', ');
    for (const sp of x.evidence || []) facts.push({ layer: 'evidence', start: sp.start, end: sp.end, tip: `arms transfer ${x.supplier || '?'} → ${x.recipient || '?'} · ${x.status}${items ? ' · ' + items : ''}${x.value ? ' · ' + fmtValue(x.value) : ''}` });
  }
  return facts.filter((f) => Number.isInteger(f.start) && Number.isInteger(f.end) && f.end > f.start);
}

// The text with every fact wrapped, split at every fact boundary so overlaps nest cleanly.
function highlightedText(doc, facts) {
  const cps = Array.from(doc.text || '');
  let paras = (doc.paragraphs || []).filter((p) => p.end > p.start);
  if (!paras.length) paras = [{ start: 0, end: cps.length }];
  const order = Object.fromEntries(LAYERS.map((l, i) => [l.key, i]));
  return paras.map((p) => {
    const cuts = new Set([p.start, p.end]);
    const inside = facts.filter((f) => f.start < p.end && f.end > p.start);
    for (const f of inside) { cuts.add(Math.max(p.start, f.start)); cuts.add(Math.min(p.end, f.end)); }
    const points = [...cuts].sort((a, b) => a - b);
    const nodes = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      let node = document.createTextNode(cps.slice(a, b).join(''));
      const covering = inside.filter((f) => f.start <= a && f.end >= b)
        .sort((x, y) => order[y.layer] - order[x.layer] || (x.end - x.start) - (y.end - y.start));
      for (const f of covering) {
        const tag = f.href ? 'a' : 'mark';
        node = el(tag, {
          class: `hl hl-${f.layer} ${f.cls || ''}`.trim(), title: f.tip, 'data-layer': f.layer,
          'data-fact': f.tip, href: f.href ? '#' + f.href : null, tabindex: f.href ? null : 0,
        }, node);
      }
      nodes.push(node);
    }
    return el('p', {}, nodes);
  });
}

async function articlePage(id, params) {
  const [doc, story] = await Promise.all([
    api('/api/articles/' + encodeURIComponent(id)),
    api('/api/articles/' + encodeURIComponent(id) + '/story').catch(() => null),
  ]);
  const facts = articleFacts(doc);
  const detail = el('p', { class: 'fact-detail', 'aria-live': 'polite' }, 'Hover or focus a highlight to see the normalised fact.');
  const body = el('div', { class: 'article-text' }, highlightedText(doc, facts));
  const showFact = (e) => {
    const t = e.target.closest('[data-fact]');
    if (t) detail.textContent = t.getAttribute('data-fact');
  };
  body.addEventListener('mouseover', showFact);
  body.addEventListener('focusin', showFact);
  const counts = {};
  for (const f of facts) counts[f.layer] = (counts[f.layer] || 0) + 1;
  const legend = el('fieldset', { class: 'layers' }, el('legend', {}, 'Layers'),
    LAYERS.map((l) => {
      const box = el('input', {
        type: 'checkbox', checked: true, id: 'layer-' + l.key,
        onchange: (e) => body.classList.toggle('hide-' + l.key, !e.target.checked),
      });
      return el('label', { for: 'layer-' + l.key, class: 'key hl-' + l.key }, box, ` ${l.label} (${counts[l.key] || 0})`);
    }));
  const url = safeUrl(doc.url);
  const meta = el('dl', { class: 'meta-list' },
    [['Outlet', doc.outlet || doc.domain], ['Published', doc.published], ['Authors', (doc.authors || []).join(', ')],
      ['Agency', doc.agency], ['Language', doc.language]]
      .filter(([, v]) => v).map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]),
    url ? [el('dt', {}, 'Source'), el('dd', {}, el('a', { href: url, rel: 'noopener noreferrer' }, url))] : null);
  const others = story && story.others && story.others.length
    ? el('section', { class: 'story' }, el('h2', {}, 'Same story elsewhere'),
      el('ul', {}, story.others.map((o) => el('li', {}, link(articleRoute(o.id), o.outlet || o.domain || o.id), ' · ', o.published || '', ' · ', o.title || ''))))
    : el('section', { class: 'story' }, el('h2', {}, 'Same story elsewhere'), el('p', { class: 'muted' }, 'No other outlet in this database ran this story.'));
  const deals = (doc.arms_transfers || []).length ? el('section', {}, el('h2', {}, 'Arms transfers in this article'),
    el('table', {}, el('thead', {}, el('tr', {}, ['Supplier', 'Recipient', 'Status', 'Items', 'Value', 'Delivery by'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, doc.arms_transfers.map((x) => el('tr', {},
        el('td', {}, x.supplier || ''), el('td', {}, x.recipient || ''), el('td', {}, x.status),
        el('td', {}, (x.items || []).map((i) => (i.quantity ? i.quantity + ' × ' : '') + i.designation).join(', ')),
        el('td', {}, fmtValue(x.value)), el('td', {}, x.delivery_by || '')))))) : null;
  const quotes = (doc.quotes || []).length ? el('section', {}, el('h2', {}, 'Quotes'),
    el('ul', { class: 'quotes' }, doc.quotes.map((q) => {
      const sp = (doc.entities || []).find((e) => e.id === q.speaker);
      return el('li', {}, el('q', {}, q.text), ' — ', sp ? link(entityRoute(sp.name), sp.name) : (q.speaker_text || 'unknown'), ` (${q.kind})`);
    }))) : null;
  const page = [
    el('article', {}, el('h1', { class: 'article-title' }, doc.title || doc.id), meta, legend, detail, body),
    deals, quotes, others,
  ];
  if (params.focus === 'evidence') {
    setTimeout(() => {
      const first = document.querySelector('.hl-evidence');
      if (first) { first.scrollIntoView({ block: 'center' }); first.focus(); }
    }, 0);
  }
  return page;
}

function quoteList(quotes) {
  if (!quotes.length) return el('p', { class: 'muted' }, 'None.');
  return el('ul', { class: 'quotes' }, quotes.map((q) => el('li', {}, el('q', {}, q.text), ' — ',
    q.speaker ? link(entityRoute(q.speaker), q.speaker) : (q.speaker_text || '?'), ' · ',
    link(articleRoute(q.article), [q.outlet, q.published].filter(Boolean).join(' ') || q.article))));
}

function eventTable(events) {
  if (!events.length) return el('p', { class: 'muted' }, 'No events.');
  const who = (name, code) => (name ? link(entityRoute(name), name) : (code || '?'));
  return el('table', { class: 'events' },
    el('thead', {}, el('tr', {}, ['Date', 'Kind', 'Source', 'Target', 'Modality', 'Place', 'Trigger', 'Article'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, events.map((v) => el('tr', {},
      el('td', {}, v.date || ''), el('td', {}, link(route('/events', { kind: v.kind }), v.kind.replace(/_/g, ' '))),
      el('td', {}, who(v.source_name, v.source_actor)), el('td', {}, who(v.target_name, v.target_actor)),
      el('td', {}, v.modality), el('td', {}, v.place_name || ''), el('td', {}, v.trigger),
      el('td', {}, link(articleRoute(v.article), 'read'))))));
}

async function entityPage(name) {
  const data = await api('/api/entities/' + encodeURIComponent(name));
  const p = data.profile, e = p.entity;
  const mentions = Object.fromEntries(p.timeline.filter((m) => m.month !== 'unknown').map((m) => [m.month, m.mentions]));
  const evs = {};
  for (const v of data.events) if (v.date) evs[v.date.slice(0, 7)] = (evs[v.date.slice(0, 7)] || 0) + 1;
  return [
    el('h1', {}, e.name, ' ', el('span', { class: 'badge type-' + e.type }, e.type)),
    el('dl', { class: 'meta-list' },
      [['Country', e.country], ['Actor code', e.actor], ['Key', e.key], ['Mentions', p.mentions], ['Articles', p.articles]]
        .filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [el('dt', {}, k), el('dd', {}, String(v))])),
    el('section', {}, el('h2', {}, 'Timeline'), monthChart([
      { label: 'mentions', cls: 's-mentions', values: mentions },
      { label: 'events', cls: 's-events', values: evs },
    ], `Mentions and events of ${e.name} per month`)),
    el('section', {}, el('h2', {}, 'Quotes by ' + e.name), quoteList(p.quotes)),
    el('section', {}, el('h2', {}, 'Quotes about ' + e.name), quoteList(data.quotes_about)),
    el('section', {}, el('h2', {}, 'Co-occurring actors'),
      p.co_occurring.length ? el('ul', { class: 'cloud' }, p.co_occurring.map((c) => el('li', {},
        link(entityRoute(c.name), c.name), el('span', { class: 'muted' }, ` ${c.type} · ${c.articles} article${c.articles === 1 ? '' : 's'}`))))
        : el('p', { class: 'muted' }, 'None.')),
    el('section', {}, el('h2', {}, 'Events'), eventTable(data.events)),
  ];
}

const ARMS_COLUMNS = [
  ['supplier', 'Supplier'], ['recipient', 'Recipient'], ['system', 'System'], ['category', 'Category'],
  ['status', 'Status'], ['value', 'Value'], ['first_seen', 'Period'], ['num_sources', 'Sources'],
];
async function armsPage(params) {
  const page = await api('/api/arms', Object.assign({ limit: 100 }, params));
  const form = filterForm('/arms', params, [
    field('supplier', 'Supplier', params.supplier, { placeholder: 'RU', size: 4 }),
    field('recipient', 'Recipient', params.recipient, { placeholder: 'BY', size: 4 }),
    field('system', 'System', params.system, { placeholder: 'S-400', size: 12 }),
    select('status', 'Status', params.status, ARMS_STATUS),
    params.sort ? el('input', { type: 'hidden', name: 'sort', value: params.sort }) : null,
    params.order ? el('input', { type: 'hidden', name: 'order', value: params.order }) : null,
  ], 'Filter');
  const head = el('tr', {}, ARMS_COLUMNS.map(([key, label]) => {
    const active = params.sort === key;
    const order = active && params.order !== 'desc' ? 'desc' : 'asc';
    return el('th', { scope: 'col', 'aria-sort': active ? (params.order === 'desc' ? 'descending' : 'ascending') : 'none' },
      link(route('/arms', Object.assign({}, params, { sort: key, order, offset: '' })), label, active ? (params.order === 'desc' ? ' ▼' : ' ▲') : ''));
  }), el('th', { scope: 'col' }, 'Evidence'));
  const rows = page.items.map((d) => el('tr', {},
    el('td', { 'data-col': 'supplier' }, d.supplier || '?'), el('td', { 'data-col': 'recipient' }, d.recipient || '?'),
    el('td', { 'data-col': 'system' }, d.system ? link(entityRoute(d.system), d.system) : '—'),
    el('td', { 'data-col': 'category' }, d.category || ''),
    el('td', { 'data-col': 'status', title: d.status_history.map((h) => `${h.date || '?'}: ${h.status}`).join('\n') }, d.status),
    el('td', { 'data-col': 'value', class: 'num' }, fmtValue(d.value), d.quantity ? ` (${d.quantity} units)` : ''),
    el('td', { 'data-col': 'period' }, [d.first_seen, d.last_seen].filter(Boolean).filter((v, i, a) => a.indexOf(v) === i).join(' – '), d.delivery_by ? ` (delivery by ${d.delivery_by})` : ''),
    el('td', { 'data-col': 'sources', class: 'num', title: `${d.num_articles} article(s)` }, `${d.num_sources} / ${d.num_articles}`),
    el('td', {}, d.articles.slice(0, 5).map((a, i) => [i ? ', ' : '', link(articleRoute(a, { focus: 'evidence' }), `#${i + 1}`)]))));
  return [el('h1', {}, 'Arms register'),
    el('p', { class: 'muted' }, 'One row per supplier → recipient → system, merged across articles. Sources: independent stories / reporting articles.'),
    form,
    page.items.length ? el('table', { class: 'register' }, el('thead', {}, head), el('tbody', {}, rows)) : el('p', { class: 'muted' }, 'No deals match.'),
    pager('/arms', params, page)];
}

async function eventsPage(params) {
  const page = await api('/api/events', Object.assign({ limit: 100 }, params));
  const byMonth = {};
  for (const v of page.items) if (v.date) byMonth[v.date.slice(0, 7)] = (byMonth[v.date.slice(0, 7)] || 0) + 1;
  return [el('h1', {}, 'Events'),
    filterForm('/events', params, [
      field('actor', 'Actor', params.actor, { placeholder: 'RUS', size: 10 }),
      select('kind', 'Kind', params.kind, EVENT_KINDS),
      field('since', 'From', params.since, { placeholder: 'YYYY-MM-DD', size: 10 }),
      field('until', 'To', params.until, { placeholder: 'YYYY-MM-DD', size: 10 }),
      field('place', 'Place', params.place, { size: 10 }),
    ]),
    monthChart([{ label: 'events', cls: 's-events', values: byMonth }], 'Events per month (this page)'),
    eventTable(page.items), pager('/events', params, page)];
}

let worldSvg = null;
async function mapPage() {
  if (worldSvg === null) {
    const res = await fetch('/assets/world.svg');
    worldSvg = await res.text();
  }
  const data = await api('/api/places', { limit: 500 });
  const parsed = new DOMParser().parseFromString(worldSvg, 'image/svg+xml').documentElement;
  const map = document.importNode(parsed, true);
  map.setAttribute('class', 'map');
  map.setAttribute('role', 'img');
  map.setAttribute('aria-label', 'Places mentioned in the corpus');
  const max = Math.max(1, ...data.items.map((p) => p.articles));
  const dots = svg('g', { class: 'places' });
  for (const p of data.items) {
    const r = 0.8 + 3.2 * Math.sqrt(p.articles / max);
    const a = svg('a', { href: '#' + entityRoute(p.name) },
      svg('circle', { cx: (p.lon + 180).toFixed(2), cy: (90 - p.lat).toFixed(2), r: r.toFixed(2) },
        svg('title', {}, `${p.name} (${p.type}${p.country ? ', ' + p.country : ''}): ${p.articles} article(s)`)));
    dots.append(a);
  }
  map.append(dots);
  return [el('h1', {}, 'Map of places'),
    el('p', { class: 'muted' }, `${data.items.length} places with coordinates; dot area ∝ articles. Land: Natural Earth 1:110m via world-atlas (equirectangular).`),
    map,
    el('ul', { class: 'cloud' }, data.items.slice(0, 40).map((p) => el('li', {}, link(entityRoute(p.name), p.name), el('span', { class: 'muted' }, ' ' + p.articles))))];
}

async function storiesPage(params) {
  const page = await api('/api/stories', Object.assign({ limit: 50 }, params));
  return [el('h1', {}, 'Stories'), el('p', { class: 'muted' }, 'Clusters of near-duplicate articles (wire copies), largest first.'),
    el('table', {}, el('thead', {}, el('tr', {}, ['Story', 'Articles', 'Outlets', 'Agencies', 'First', 'Last'].map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, page.items.map((s) => el('tr', {}, el('td', {}, s.title || s.id), el('td', { class: 'num' }, s.articles),
        el('td', {}, s.outlets.join(', ')), el('td', {}, s.agencies.join(', ')), el('td', {}, s.first_published || ''), el('td', {}, s.last_published || ''))))),
    pager('/stories', params, page)];
}

// ---- routing -----------------------------------------------------------------------------
let generation = 0;
async function render() {
  const mine = ++generation;
  const rawHash = location.hash;
  const hash = rawHash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const params = Object.fromEntries(new URLSearchParams(query || ''));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  main().setAttribute('aria-busy', 'true');
  try {
    let content;
    switch (parts[0]) {
      case undefined: content = await homePage(); break;
      case 'search': content = await searchPage(params); break;
      case 'article': content = await articlePage(parts.slice(1).join('/'), params); break;
      case 'entity': content = await entityPage(parts.slice(1).join('/')); break;
      case 'arms': content = await armsPage(params); break;
      case 'events': content = await eventsPage(params); break;
      case 'map': content = await mapPage(); break;
      case 'stories': content = await storiesPage(params); break;
      default: content = el('p', {}, 'No such page. ', link('/', 'Home'));
    }
    if (mine !== generation) return; // a newer route is being drawn
    show(parts[0] || '', content);
  } catch (err) {
    if (mine !== generation) return;
    show('error', failure(err));
  }
  main().removeAttribute('aria-busy');
  // Lets tests (and assistive tools) know which route the page now shows.
  main().setAttribute('data-rendered', rawHash);
  main().focus({ preventScroll: true });
}

function setTheme(theme) {
  document.documentElement.setAttribute('data-theme', theme);
  localStorage.setItem('sitrep-theme', theme);
  document.getElementById('theme').setAttribute('aria-pressed', String(theme === 'dark'));
}
document.addEventListener('DOMContentLoaded', () => {
  const saved = localStorage.getItem('sitrep-theme');
  if (saved) setTheme(saved);
  document.getElementById('theme').addEventListener('click', () => {
    const dark = document.documentElement.getAttribute('data-theme') === 'dark' ||
      (!document.documentElement.getAttribute('data-theme') && matchMedia('(prefers-color-scheme: dark)').matches);
    setTheme(dark ? 'light' : 'dark');
  });
  window.addEventListener('hashchange', render);
  render();
});
