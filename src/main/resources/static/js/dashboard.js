// InitAudit dashboard: plain ES module on the public API (/api/v1/**) only; Chart.js from its WebJar.

const $ = (id) => document.getElementById(id);
const API = '/api/v1';
const state = { report: null, selected: null, charts: {}, trial: null, events: null, sort: { key: 'severity', dir: -1 }, audited: null, rows: [], collapsed: new Set() };

const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };

function fmt(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e6 ? Number(v.toPrecision(4)).toString() : v.toExponential(3);
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return e;
}

function status(id, text, isError = false) {
  $(id).textContent = text;
  $(id).classList.toggle('error', isError);
}

// The API key (when the service has INITAUDIT_API_KEYS) lives in this tab's sessionStorage only.
function withKey(headers = {}) {
  const key = $('api-key').value.trim();
  return key ? { ...headers, 'X-API-Key': key } : headers;
}

async function call(method, path, body, headers = {}) {
  const res = await fetch(path, {
    method,
    headers: withKey(body === undefined ? headers : { 'Content-Type': 'application/json', ...headers }),
    body: body === undefined ? undefined : body,
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (res.status === 401) throw new Error('401: this service needs an API key — enter it at the top of the page');
  const problem = (res.headers.get('Content-Type') ?? '').includes('problem+json');
  if (!res.ok && (res.status !== 422 || problem)) {
    const where = json && json.pointer !== undefined ? ` at ${json.pointer || '/'}` : '';
    throw new Error(`${res.status} ${json?.title ?? ''}${where}: ${json?.detail ?? text}`);
  }
  return { status: res.status, json, location: res.headers.get('Location') };
}

// ---- theme

function applyTheme(theme) {
  document.documentElement.dataset.theme = theme;
  $('theme').textContent = theme === 'dark' ? 'Light theme' : 'Dark theme';
  $('theme').setAttribute('aria-pressed', String(theme === 'dark'));
  Object.values(state.charts).forEach((c) => c && restyle(c));
}

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function restyle(chart) {
  const text = cssVar('--text');
  const grid = cssVar('--border');
  for (const axis of Object.values(chart.options.scales ?? {})) {
    axis.ticks = { ...(axis.ticks ?? {}), color: text };
    axis.grid = { color: grid };
    if (axis.title) axis.title.color = text;
  }
  chart.options.plugins.legend.labels = { color: text };
  chart.update('none');
}

// ---- charts

const DECLARED = '#d9534f';
const CORRECTED = '#2b8a3e';
const PALETTE = [DECLARED, CORRECTED, '#2356c7', '#8a5a00', '#7b3fa0', '#0f7c82'];

function chart(id, config) {
  if (typeof window.Chart === 'undefined') return null;
  state.charts[id]?.destroy();
  config.options = { responsive: true, maintainAspectRatio: false, animation: false, plugins: { legend: {} }, ...config.options };
  const c = new window.Chart($(id), config);
  state.charts[id] = c;
  restyle(c);
  return c;
}

function drawStdChart(report) {
  const rows = report.layers.flatMap((l) => l.parameters.filter((p) => p.fans && p.declared.std > 0)
    .map((p) => ({ layer: l, p, label: `${l.name}.${p.name}`, declared: p.declared.std, intended: p.intended?.std ?? null, worst: worst(p.findings) })));
  // Bars up to 120 parameters; beyond, points (a bar would be under 2 px wide), every one hoverable and clickable.
  const dense = rows.length > 120;
  const point = (r, i, v) => ({ x: i, y: v });
  chart('std-chart', {
    type: dense ? 'scatter' : 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: [
        { label: 'declared std', data: rows.map((r, i) => (dense ? point(r, i, r.declared) : r.declared)), backgroundColor: DECLARED, borderColor: DECLARED, pointRadius: 2 },
        { label: 'intended std', data: rows.map((r, i) => (dense ? point(r, i, r.intended) : r.intended)), backgroundColor: CORRECTED, borderColor: CORRECTED, pointRadius: 2 },
      ],
    },
    options: {
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { type: 'logarithmic', title: { display: true, text: 'std (log)' } },
        x: dense ? { type: 'linear', min: 0, max: rows.length - 1, title: { display: true, text: `parameter (${rows.length}, in model order)` } } : { ticks: { autoSkip: true } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => rows[items[0].dataIndex].label,
            label: () => '',
            afterBody: (items) => {
              const r = rows[items[0].dataIndex];
              return [`declared ${fmt(r.declared)}`, `intended ${fmt(r.intended)}`, `ratio ${fmt(r.p.stdRatio)}`,
                r.worst ? `${r.worst.severity} ${r.worst.code}` : 'no finding', 'click to open'];
            },
          },
        },
      },
      onClick: (event, elements, c) => {
        const hit = c.getElementsAtEventForMode(event, 'index', { intersect: false }, false)[0];
        if (hit) openParameter(rows[hit.index].layer, rows[hit.index].p);
      },
    },
  });
  $('std-zoom').hidden = !dense;
  $('std-from').max = String(Math.max(0, rows.length - 1));
  $('std-from').value = '0';
  $('std-span').value = '0';
  zoomStd();
}

// A window on the dense std chart: from a parameter, a span of them (all: the whole model).
function zoomStd() {
  const c = state.charts['std-chart'];
  if (!c || c.config.type !== 'scatter') return;
  const n = c.data.labels.length;
  const span = Number($('std-span').value);
  const from = Math.min(Number($('std-from').value), Math.max(0, n - (span || n)));
  c.options.scales.x.min = span ? from : 0;
  c.options.scales.x.max = span ? Math.min(n - 1, from + span - 1) : n - 1;
  c.update('none');
  $('std-range').textContent = span ? `${c.data.labels[from]} … ${c.data.labels[Math.min(n - 1, from + span - 1)]}` : `all ${n}`;
}

function drawHistogram(measured) {
  const fig = $('histogram-figure');
  if (!measured || !measured.declared) { fig.hidden = true; return; }
  fig.hidden = false;
  const series = [['declared', measured.declared, DECLARED], ['corrected', measured.corrected, CORRECTED]].filter(([, s]) => s);
  chart('histogram', {
    type: 'line',
    data: {
      datasets: series.map(([name, s, color]) => ({
        label: `${name} (std ${fmt(s.std)}, kurtosis ${fmt(s.kurtosis)})`,
        // A density: each bin's share divided by its width, so laws of other spreads compare in height.
        data: s.histogram.counts.map((c, i) => ({ x: (s.histogram.edges[i] + s.histogram.edges[i + 1]) / 2,
          y: c / s.count / (s.histogram.edges[i + 1] - s.histogram.edges[i]) })),
        borderColor: color, backgroundColor: color + '33', fill: true, pointRadius: 0, stepped: 'middle',
      })),
    },
    options: { scales: { x: { type: 'linear', title: { display: true, text: 'weight value' } }, y: { beginAtZero: true, min: 0, title: { display: true, text: 'density' } } } },
  });
}

// ---- audit

function modelBody() {
  const text = $('model').value.trim();
  if (!text) throw new Error('Paste a model description, upload a file or load an example first.');
  return text;
}

async function runAudit() {
  await busy(async () => {
    try {
      status('status', 'Auditing…');
      const measure = $('measure').checked;
      const text = modelBody();
      const { json, status: code } = await call('POST', `${API}/audits?source=${$('source').value}${measure ? '&measure=true' : ''}`, text);
      state.audited = text;
      showReport(json, null);
      history.replaceState(null, '', `#audit=${json.id}`);
      status('status', `Audited${code === 422 ? ' (verdict fails)' : ''}: report ${json.id}`);
      loadHistory();
    } catch (e) {
      // A failed audit leaves no old report on screen as if it were this model's.
      clearResults();
      status('status', e.message, true);
    }
  });
}

// Disables the actions while one runs, with the elapsed time in the status line.
async function busy(work) {
  const buttons = ['audit', 'propagate', 'start-trial'].map($);
  buttons.forEach((b) => { b.disabled = true; });
  document.body.setAttribute('aria-busy', 'true');
  try {
    await work();
  } finally {
    buttons.forEach((b) => { b.disabled = false; });
    document.body.removeAttribute('aria-busy');
  }
}

function clearResults() {
  state.report = null;
  $('results').hidden = true;
  $('detail').hidden = true;
  $('charts').hidden = true;
  $('propagation-figure').hidden = true;
  state.charts['propagation-chart']?.destroy();
  delete state.charts['propagation-chart'];
}

function worst(findings) {
  return findings.reduce((w, f) => (!w || SEVERITY_RANK[f.severity] > SEVERITY_RANK[w.severity] ? f : w), null);
}

// origin: null for an audit of the editor's model; else where the report was opened from (history, a link).
function showReport(report, origin) {
  state.report = report;
  state.selected = null;
  $('results').hidden = false;
  $('charts').hidden = false;
  $('detail').hidden = true;
  $('propagation-figure').hidden = true;
  $('verdict').textContent = report.verdict;
  $('verdict').className = `badge verdict-${report.verdict}`;
  const s = report.summary;
  $('summary').textContent = `${report.model.name} (${report.model.framework}): ${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos in ${s.parameters} parameters of ${s.layers} layers.`;
  markStale(origin ? `Opened from ${origin} (${new Date(report.createdAt).toLocaleString()}): the editor does not hold this model; Propagate and Start trial use the editor.` : null);
  $('downloads').hidden = false;
  $('report-link').href = `#audit=${report.id}`;
  const codes = new Set(report.layers.flatMap((l) => l.parameters.flatMap((p) => p.findings.map((f) => f.code))));
  report.findings.forEach((f) => codes.add(f.code));
  const codeSelect = $('filter-code');
  codeSelect.replaceChildren(el('option', { value: '' }, 'all codes'), ...[...codes].sort().map((c) => el('option', { value: c }, c)));
  renderFixFirst(report);
  renderTable();
  $('model-findings').replaceChildren(...report.findings.map(findingItem));
  drawStdChart(report);
}

function markStale(text) {
  $('stale').hidden = !text;
  $('stale').textContent = text ?? '';
  $('results').classList.toggle('is-stale', !!text);
}

// ---- fix first: findings grouped by code (one cause), worst first, with the fix that clears each group

function fixGroups(report) {
  const groups = new Map();
  for (const layer of report.layers) {
    for (const p of layer.parameters) {
      for (const f of p.findings) {
        if (!groups.has(f.code)) groups.set(f.code, { code: f.code, severity: f.severity, help: f.help, message: f.message, items: [] });
        const g = groups.get(f.code);
        if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[g.severity]) Object.assign(g, { severity: f.severity, message: f.message });
        if (!g.items.some((i) => i.p === p)) g.items.push({ layer, p });
      }
    }
  }
  return [...groups.values()].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || b.items.length - a.items.length);
}

// One snippet per framework for a whole group: each distinct initializer once, with the parameters it is for.
function combinedSnippet(lang, items) {
  const bySnippet = new Map();
  for (const i of items) {
    const code = i.p.corrected?.snippets?.[lang];
    if (!code) continue;
    if (!bySnippet.has(code)) bySnippet.set(code, []);
    bySnippet.get(code).push(i);
  }
  if (!bySnippet.size) return null;
  const parts = [];
  for (const [code, its] of [...bySnippet.entries()].slice(0, 8)) {
    if (lang === 'pytorch' && code.includes('m.weight')) {
      const modules = [...new Set(its.map((i) => i.layer.name))];
      parts.push(`for name, m in model.named_modules():\n    if name in ${JSON.stringify(modules)}:\n        ${code}`);
    } else {
      const names = its.map((i) => `${i.layer.name}.${i.p.name}`);
      parts.push(`# ${names.length === 1 ? names[0] : `${names.length} parameters: ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`}\n${code}`);
    }
  }
  if (bySnippet.size > 8) parts.push(`# … and ${bySnippet.size - 8} more initializers: open each row`);
  return parts.join('\n');
}

function renderFixFirst(report) {
  const groups = fixGroups(report);
  $('fix-first').hidden = groups.length === 0;
  $('fix-groups').replaceChildren(...groups.map((g) => {
    const first = g.items[0];
    const fix = el('details', {}, el('summary', {}, `One fix for ${g.items.length === 1 ? 'it' : `all ${g.items.length}`}`));
    // The model's own framework first.
    const own = { tensorflow: 'keras', flax: 'jax' }[report.model.framework] ?? report.model.framework;
    for (const lang of [own, ...['pytorch', 'keras', 'jax', 'dl4j'].filter((l) => l !== own)]) {
      const code = combinedSnippet(lang, g.items);
      if (code) fix.append(el('div', { class: 'snippet', 'data-lang': lang }, el('span', { class: 'lang' }, lang), el('pre', {}, code)));
    }
    const open = el('button', { type: 'button', class: 'link', onclick: () => { $('filter-code').value = g.code; $('filter-severity').value = ''; renderTable(); openParameter(first.layer, first.p); } },
      `${first.layer.name}.${first.p.name}${g.items.length > 1 ? ` and ${g.items.length - 1} more` : ''}`);
    return el('li', { class: `sev-${g.severity}` },
      el('strong', {}, `${g.severity} ${g.code}`), ` — ${g.items.length} parameter${g.items.length === 1 ? '' : 's'}: `, open, ' ',
      el('a', { href: g.help, target: '_blank', rel: 'noopener' }, 'what is this?'),
      el('div', { class: 'group-message' }, g.message), fix);
  }));
}

// ---- the parameter table: worst first, sortable, filterable; one Tab stop (ARIA grid), arrows move

function sortedRows(report) {
  const rows = [];
  report.layers.forEach((layer, li) => layer.parameters.forEach((p, pi) => rows.push({ layer, p, w: worst(p.findings), order: li * 1000 + pi })));
  const { key, dir } = state.sort;
  const value = (r) => (key === 'severity' ? (r.w ? SEVERITY_RANK[r.w.severity] : 0)
    : key === 'ratio' ? Math.abs(Math.log(r.p.stdRatio ?? 1)) : r.layer.name);
  return rows.sort((a, b) => {
    const va = value(a); const vb = value(b);
    const c = va < vb ? -1 : va > vb ? 1 : 0;
    return c * dir || a.order - b.order;
  });
}

// A layer's block: its name up to the last '.' or '/' (torch modules, nested Keras models), else its first two '_' parts
// (Keras applications: conv2_block1_1_conv → conv2_block1).
function blockOf(name) {
  const cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('/'));
  if (cut > 0) return name.slice(0, cut);
  const parts = name.split('_');
  return parts.length >= 3 ? parts.slice(0, 2).join('_') : name;
}

function renderTable() {
  const report = state.report;
  const minSeverity = SEVERITY_RANK[$('filter-severity').value] ?? 0;
  const code = $('filter-code').value;
  const body = $('params').tBodies[0];
  body.replaceChildren();
  state.rows = [];
  let shown = sortedRows(report).filter(({ p, w }) => !(minSeverity && !(w && SEVERITY_RANK[w.severity] >= minSeverity))
    && !(code && !p.findings.some((f) => f.code === code)));
  const grouped = $('group-blocks').checked;
  const blocks = new Map();
  if (grouped) {
    for (const r of shown) {
      const b = blockOf(r.layer.name);
      if (!blocks.has(b)) blocks.set(b, []);
      blocks.get(b).push(r);
    }
    // Blocks keep the order of their first row (worst first when sorted by severity).
    shown = [...blocks.values()].flat();
  }
  let lastBlock = null;
  for (const { layer, p, w } of shown) {
    if (grouped && blockOf(layer.name) !== lastBlock) {
      lastBlock = blockOf(layer.name);
      body.append(blockRow(lastBlock, blocks.get(lastBlock)));
    }
    if (grouped && state.collapsed.has(lastBlock)) continue;
    const fans = p.fans?.framework;
    const correct = p.fans?.correct;
    const pair = (a, b) => (a === undefined ? '–' : (b !== undefined && b !== a ? `${fmt(a)} / ${fmt(b)}` : fmt(a)));
    const row = el('tr', { tabindex: '-1', class: w ? `worst-${w.severity}` : '', 'aria-selected': 'false' },
      el('td', { class: 'sev' }, w ? `${w.severity} ${w.code}` : ''),
      el('td', {}, layer.name), el('td', {}, p.name),
      el('td', { class: 'num' }, pair(fans?.fanIn, correct?.fanIn)), el('td', { class: 'num' }, pair(fans?.fanOut, correct?.fanOut)),
      el('td', { class: 'num' }, fmt(p.declared.std)), el('td', { class: 'num' }, fmt(p.intended?.std)),
      el('td', { class: 'num' }, fmt(p.stdRatio)));
    const open = (e) => select(row, layer, p, e?.type === 'keydown');
    row.addEventListener('click', open);
    row.addEventListener('keydown', (e) => gridKey(e, row, open));
    state.rows.push({ row, layer, p });
    body.append(row);
  }
  if (body.rows.length) body.rows[0].tabIndex = 0;
}

// A block's header row: its name, parameters, worst finding; Enter, Space or a click folds it.
function blockRow(name, rows) {
  const w = worst(rows.flatMap((r) => r.p.findings));
  const open = !state.collapsed.has(name);
  const toggle = () => {
    if (state.collapsed.has(name)) state.collapsed.delete(name); else state.collapsed.add(name);
    renderTable();
    const again = [...$('params').tBodies[0].rows].find((r) => r.dataset.block === name);
    if (again) focusRow(again);
  };
  const row = el('tr', { class: `block${w ? ` worst-${w.severity}` : ''}`, tabindex: '-1', 'aria-expanded': String(open), 'data-block': name },
    el('td', { class: 'sev' }, w ? `${w.severity} ${w.code}` : ''),
    el('td', { colspan: '7' }, `${open ? '▾' : '▸'} ${name} — ${rows.length} parameter${rows.length === 1 ? '' : 's'}`));
  row.addEventListener('click', toggle);
  row.addEventListener('keydown', (e) => gridKey(e, row, toggle));
  return row;
}

function gridKey(e, row, open) {
  const rows = [...$('params').tBodies[0].rows];
  const i = rows.indexOf(row);
  const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: rows.length - 1, PageDown: i + 10, PageUp: i - 10 }[e.key];
  if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(e); return; }
  if (to === undefined) return;
  e.preventDefault();
  focusRow(rows[Math.max(0, Math.min(rows.length - 1, to))]);
}

function focusRow(row) {
  for (const r of $('params').tBodies[0].rows) r.tabIndex = -1;
  row.tabIndex = 0;
  row.focus();
}

function sortBy(key) {
  state.sort = state.sort.key === key ? { key, dir: -state.sort.dir } : { key, dir: key === 'layer' ? 1 : -1 };
  for (const th of $('params').tHead.rows[0].cells) {
    th.removeAttribute('aria-sort');
    if (th.dataset.sort === key) th.setAttribute('aria-sort', state.sort.dir > 0 ? 'ascending' : 'descending');
  }
  renderTable();
}

// Opens a parameter from elsewhere (a chart point, the fix-first list): its row, shown and selected.
function openParameter(layer, p) {
  let hit = state.rows.find((r) => r.layer === layer && r.p === p);
  if (!hit) {
    state.collapsed.delete(blockOf(layer.name));
    $('filter-code').value = '';
    $('filter-severity').value = '';
    renderTable();
    hit = state.rows.find((r) => r.layer === layer && r.p === p);
  }
  if (hit) { focusRow(hit.row); select(hit.row, layer, p, true); }
}

// ---- downloads of the stored report in the API's formats

async function download(format) {
  const report = state.report;
  if (!report) return;
  try {
    const res = await fetch(`${API}/audits/${report.id}?format=${format}`, { headers: withKey() });
    if (!res.ok) throw new Error(`${res.status} downloading the ${format} report`);
    const ext = { json: 'json', markdown: 'md', sarif: 'sarif', junit: 'xml' }[format];
    const url = URL.createObjectURL(await res.blob());
    const a = el('a', { href: url, download: `${report.model.name}-${report.id.slice(0, 8)}.${ext}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (e) {
    status('status', e.message, true);
  }
}

function findingItem(f) {
  return el('li', { class: `sev-${f.severity}` },
    el('strong', {}, `${f.severity} ${f.code}`), ' ', el('a', { href: f.help, target: '_blank', rel: 'noopener' }, 'what is this?'),
    el('div', {}, f.message),
    el('div', { class: 'evidence' }, Object.entries(f.evidence ?? {}).map(([k, v]) => `${k}=${fmt(v)}`).join('  ')));
}

// Opens a parameter's findings and fixes; with moveFocus, focus goes to them, and Escape there returns it to the row.
function select(row, layer, p, moveFocus = false) {
  for (const r of $('params').tBodies[0].rows) r.setAttribute('aria-selected', 'false');
  row.setAttribute('aria-selected', 'true');
  state.selected = { layer, p, row };
  $('detail').hidden = false;
  $('detail-title').textContent = `${layer.name}.${p.name} — declared ${p.declared.init}`;
  $('detail-findings').replaceChildren(...(p.findings.length ? p.findings.map(findingItem) : [el('li', {}, 'No findings.')]));
  const snippets = $('snippets');
  snippets.replaceChildren();
  if (p.corrected) {
    snippets.append(el('h3', {}, `Corrected: ${p.corrected.family}, std ${fmt(p.corrected.std)}`));
    for (const [lang, code] of Object.entries(p.corrected.snippets)) {
      const copy = el('button', { type: 'button', class: 'copy', 'aria-label': `Copy the ${lang} snippet` }, 'Copy');
      copy.addEventListener('click', async () => {
        try { await navigator.clipboard.writeText(code); copy.textContent = 'Copied'; } catch { copy.textContent = 'Select and copy'; }
      });
      snippets.append(el('div', { class: 'snippet' }, el('span', { class: 'lang' }, lang), el('pre', {}, code), copy));
    }
  }
  drawHistogram(p.measured);
  $('detail').scrollIntoView({ block: 'nearest' });
  if (moveFocus) $('detail-title').focus();
}

// ---- propagation

async function runPropagation() {
  await busy(async () => {
    const started = Date.now();
    const ticker = setInterval(() => status('status', `Propagating with ND4J (forward and backward, declared and corrected)… ${Math.round((Date.now() - started) / 1000)} s`), 1000);
    try {
      $('propagation-figure').hidden = true;
      status('status', 'Propagating with ND4J (forward and backward, declared and corrected)…');
      const model = JSON.parse(modelBody());
      const batchSize = Number($('batch').value) || 2;
      const { json } = await call('POST', `${API}/propagation?source=${$('source').value}`, JSON.stringify({ model, batchSize, seed: 1 }));
      $('charts').hidden = false;
      $('propagation-figure').hidden = false;
      chart('propagation-chart', {
        type: 'line',
        data: {
          labels: json.layers.map((l) => l.name),
          datasets: [
            { label: 'declared: activation variance', data: json.layers.map((l) => l.declared.activationVariance), borderColor: DECLARED },
            { label: 'corrected: activation variance', data: json.layers.map((l) => l.corrected.activationVariance), borderColor: CORRECTED },
            { label: 'declared: gradient norm', data: json.layers.map((l) => l.declared.gradientNorm), borderColor: DECLARED, borderDash: [4, 4] },
            { label: 'corrected: gradient norm', data: json.layers.map((l) => l.corrected.gradientNorm), borderColor: CORRECTED, borderDash: [4, 4] },
          ],
        },
        options: { scales: { y: { type: 'logarithmic' } } },
      });
      const findings = json.findings.map((f) => `${f.severity} ${f.code}: ${f.message}`).join(' ');
      status('status', `Propagated at batch ${json.batchSize} in ${json.millis} ms on ${json.device}. ${findings}`);
    } catch (e) {
      // The service's refusal (422: too large for the limits, no input shape, a layer it cannot run) says what to change.
      status('status', `Propagation refused: ${e.message}`, true);
    } finally {
      clearInterval(ticker);
    }
  });
}

// ---- trials

async function startTrial() {
  try {
    const model = JSON.parse(modelBody());
    const request = {
      model,
      task: { kind: $('task').value, classes: Number($('classes').value) || 10, samples: 2048, seed: 1 },
      optimizer: { name: $('optimizer').value, learningRate: Number($('lr').value) },
      steps: Number($('steps').value), batchSize: 32, seed: 42,
    };
    const { json, location } = await call('POST', `${API}/trials?source=${$('source').value}`, JSON.stringify(request), { 'Idempotency-Key': crypto.randomUUID() });
    if (!location) throw new Error(json?.detail ?? 'the trial was refused');
    followTrial(json.id);
    loadHistory();
  } catch (e) {
    status('trial-status', e.message, true);
  }
}

function followTrial(id) {
  state.events?.close();
  state.trial = id;
  history.replaceState(null, '', `#trial=${id}`);
  $('cancel-trial').disabled = false;
  $('conclusion').textContent = '';
  status('trial-status', `Trial ${id}: queued`);
  const datasets = new Map();
  const c = chart('loss-chart', {
    type: 'line',
    data: { datasets: [] },
    options: { parsing: false, scales: { x: { type: 'linear', title: { display: true, text: 'step' } }, y: { type: 'logarithmic', title: { display: true, text: 'loss' } } } },
  });
  const es = streamEvents(`${API}/trials/${id}/events`, {
    progress: (e) => {
      const p = JSON.parse(e.data);
      // totalSteps counts the steps of every variant (declared, corrected, …), not the Steps field.
      status('trial-status', `Trial ${id}: ${p.status}, ${Math.round((100 * p.step) / Math.max(1, p.totalSteps))}% (step ${p.step} of ${p.totalSteps} over all variants)`);
    },
    loss: (e) => {
      const p = JSON.parse(e.data);
      if (!datasets.has(p.variant)) {
        const color = p.variant === 'declared' ? DECLARED : p.variant === 'corrected' ? CORRECTED : PALETTE[(datasets.size + 2) % PALETTE.length];
        const ds = { label: p.variant, data: [], borderColor: color, pointRadius: 0, borderWidth: 2 };
        datasets.set(p.variant, ds);
        c?.data.datasets.push(ds);
      }
      const loss = Number(p.loss);
      if (Number.isFinite(loss) && loss > 0) datasets.get(p.variant).data.push({ x: p.step, y: loss });
      c?.update('none');
    },
    done: (e) => {
      const t = JSON.parse(e.data);
      es.close();
      $('cancel-trial').disabled = true;
      status('trial-status', `Trial ${id}: ${t.status} on ${t.device ?? 'no device'}${t.error ? ` — ${t.error}` : ''}`);
      $('conclusion').textContent = t.conclusion ?? '';
      loadHistory();
    },
  }, (err) => status('trial-status', `Trial ${id}: ${err.message}`, true));
  state.events = es;
}

// Server-sent events read with fetch (EventSource cannot send the API key header). Returns { close() }.
function streamEvents(url, handlers, onError) {
  const abort = new AbortController();
  (async () => {
    const res = await fetch(url, { headers: withKey({ Accept: 'text/event-stream' }), signal: abort.signal });
    if (!res.ok) throw new Error(res.status === 401 ? '401: this service needs an API key' : `${res.status} on the trial's events`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length && handlers[event]) handlers[event]({ data: data.join('\n') });
      }
    }
  })().catch((e) => { if (e.name !== 'AbortError') onError(e); });
  return { close: () => abort.abort() };
}

async function cancelTrial() {
  if (!state.trial) return;
  try {
    await call('DELETE', `${API}/trials/${state.trial}`);
    status('trial-status', `Trial ${state.trial}: cancelling…`);
  } catch (e) {
    status('trial-status', e.message, true);
  }
}

// ---- history and examples

async function loadHistory() {
  try {
    const [audits, trials] = await Promise.all([call('GET', `${API}/audits?size=15`), call('GET', `${API}/trials?size=15`)]);
    $('audit-history').replaceChildren(...audits.json.items.map((a) => el('li', {},
      el('button', { type: 'button', onclick: () => openReport(a.id, 'History') },
        `${a.modelName} (${a.framework})`), ' ', el('span', { class: `badge verdict-${a.verdict}` }, a.verdict),
      ` ${a.errors} errors, ${a.warnings} warnings · ${new Date(a.createdAt).toLocaleString()}`)));
    $('trial-history').replaceChildren(...trials.json.items.map((t) => el('li', {},
      el('button', { type: 'button', onclick: () => followTrial(t.id) }, `${t.model} — ${t.status}`),
      ` ${new Date(t.createdAt).toLocaleString()}`)));
  } catch (e) {
    status('status', e.message, true);
  }
}

async function loadExamples() {
  const { json } = await call('GET', `${API}/examples`);
  $('example').append(...json.map((e) => el('option', { value: e.name, title: e.description }, `${e.name} (${e.framework})`)));
}

async function loadExample() {
  const name = $('example').value;
  if (!name) return;
  const { json } = await call('GET', `${API}/examples/${encodeURIComponent(name)}`);
  $('model').value = JSON.stringify(json, null, 2);
  $('source').value = 'native';
  modelChanged();
  status('status', `Loaded ${name}: ${json.description ?? ''}`);
}

// What a document is: a PyTorch manifest, a Keras model.to_json(), or a model description.
function detectSource(text) {
  try {
    const doc = JSON.parse(text);
    if (doc.format === 'initaudit.torch-manifest') return 'torch';
    if (doc.class_name && doc.config) return 'keras';
    return 'native';
  } catch {
    return null; // the audit will say what is wrong
  }
}

// The editor's model changed: results of another model are marked, the propagation plot of it removed.
function modelChanged() {
  const text = $('model').value.trim();
  const source = detectSource(text);
  if (source) $('source').value = source;
  if (source === 'native') {
    const last = JSON.parse(text).layers?.at?.(-1);
    const classes = last?.out_features ?? last?.units ?? last?.out_channels;
    if (classes) $('classes').value = classes;
  }
  if (state.report && state.audited !== null && text !== state.audited) markStale('The editor\'s model changed since this audit: audit again to see its findings.');
  $('propagation-figure').hidden = true;
}

async function openReport(id, origin) {
  try {
    const { json } = await call('GET', `${API}/audits/${encodeURIComponent(id)}`);
    state.audited = null;
    showReport(json, origin);
    history.replaceState(null, '', `#audit=${json.id}`);
  } catch (e) {
    status('status', e.message, true);
  }
}

// A link (#audit=ID, #trial=ID) opens the same view.
function openFromLink() {
  const m = /^#(audit|trial)=([0-9a-f-]{8,64})$/.exec(location.hash);
  if (!m) return;
  if (m[1] === 'audit') openReport(m[2], 'a link');
  else followTrial(m[2]);
}

function upload(e) {
  const file = e.target.files[0];
  if (!file) return;
  file.text().then((text) => {
    $('model').value = text;
    modelChanged();
    status('status', `Loaded ${file.name} (${{ native: 'a model description', keras: 'a Keras document', torch: 'a PyTorch manifest' }[$('source').value]})`);
  });
}

function init() {
  $('api-key').value = sessionStorage.getItem('initaudit-api-key') ?? '';
  $('api-key').addEventListener('change', () => {
    sessionStorage.setItem('initaudit-api-key', $('api-key').value.trim());
    loadHistory();
    if ($('example').options.length <= 1) loadExamples().catch((e) => status('status', e.message, true));
  });
  const saved = localStorage.getItem('initaudit-theme');
  applyTheme(saved ?? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  $('theme').addEventListener('click', () => {
    const next = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem('initaudit-theme', next);
    applyTheme(next);
  });
  $('load-example').addEventListener('click', loadExample);
  // Arrowing through the examples does not load each one: Load (or Enter) does.
  let arrowed = 0;
  $('example').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); loadExample(); }
    if (e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End') arrowed = Date.now();
  });
  $('example').addEventListener('change', () => { if (Date.now() - arrowed > 500) loadExample(); });
  let typing;
  $('model').addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(modelChanged, 300); });
  for (const b of $('downloads').querySelectorAll('button[data-format]')) b.addEventListener('click', () => download(b.dataset.format));
  for (const th of $('params').tHead.querySelectorAll('th[data-sort] button')) th.addEventListener('click', () => sortBy(th.parentElement.dataset.sort));
  window.addEventListener('hashchange', openFromLink);
  $('upload').addEventListener('change', upload);
  $('audit').addEventListener('click', runAudit);
  $('propagate').addEventListener('click', runPropagation);
  $('filter-severity').addEventListener('change', renderTable);
  $('filter-code').addEventListener('change', renderTable);
  $('group-blocks').addEventListener('change', renderTable);
  $('detail').addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.selected?.row?.isConnected) { e.preventDefault(); focusRow(state.selected.row); }
  });
  $('std-from').addEventListener('input', zoomStd);
  $('std-span').addEventListener('change', zoomStd);
  $('start-trial').addEventListener('click', startTrial);
  $('cancel-trial').addEventListener('click', cancelTrial);
  loadExamples().catch((e) => status('status', e.message, true));
  loadHistory();
  openFromLink();
}

init();
