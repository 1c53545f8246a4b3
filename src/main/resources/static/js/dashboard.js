// InitAudit dashboard: plain ES module on the public API (/api/v1/**) only; Chart.js from its WebJar.

const $ = (id) => document.getElementById(id);
const API = '/api/v1';
const state = { report: null, selected: null, charts: {}, trial: null, events: null };

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
  if (!res.ok && res.status !== 422) {
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
    .map((p) => ({ label: `${l.name}.${p.name}`, declared: p.declared.std, intended: p.intended?.std ?? null })));
  chart('std-chart', {
    type: 'bar',
    data: {
      labels: rows.map((r) => r.label),
      datasets: [
        { label: 'declared std', data: rows.map((r) => r.declared), backgroundColor: DECLARED },
        { label: 'intended std', data: rows.map((r) => r.intended), backgroundColor: CORRECTED },
      ],
    },
    options: { scales: { y: { type: 'logarithmic', title: { display: true, text: 'std (log)' } }, x: { ticks: { autoSkip: true } } } },
  });
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
        data: s.histogram.counts.map((c, i) => ({ x: (s.histogram.edges[i] + s.histogram.edges[i + 1]) / 2, y: c / s.count })),
        borderColor: color, backgroundColor: color + '33', fill: true, pointRadius: 0, stepped: 'middle',
      })),
    },
    options: { scales: { x: { type: 'linear', title: { display: true, text: 'weight value' } }, y: { title: { display: true, text: 'fraction' } } } },
  });
}

// ---- audit

function modelBody() {
  const text = $('model').value.trim();
  if (!text) throw new Error('Paste a model description, upload a file or load an example first.');
  return text;
}

async function runAudit() {
  try {
    status('status', 'Auditing…');
    const measure = $('measure').checked;
    const { json, status: code } = await call('POST', `${API}/audits?source=${$('source').value}${measure ? '&measure=true' : ''}`, modelBody());
    showReport(json);
    status('status', `Audited${code === 422 ? ' (verdict fails)' : ''}: report ${json.id}`);
    loadHistory();
  } catch (e) {
    status('status', e.message, true);
  }
}

function worst(findings) {
  return findings.reduce((w, f) => (!w || SEVERITY_RANK[f.severity] > SEVERITY_RANK[w.severity] ? f : w), null);
}

function showReport(report) {
  state.report = report;
  state.selected = null;
  $('results').hidden = false;
  $('charts').hidden = false;
  $('detail').hidden = true;
  $('verdict').textContent = report.verdict;
  $('verdict').className = `badge verdict-${report.verdict}`;
  const s = report.summary;
  $('summary').textContent = `${report.model.name} (${report.model.framework}): ${s.errors} errors, ${s.warnings} warnings, ${s.infos} infos in ${s.parameters} parameters of ${s.layers} layers.`;
  const codes = new Set(report.layers.flatMap((l) => l.parameters.flatMap((p) => p.findings.map((f) => f.code))));
  report.findings.forEach((f) => codes.add(f.code));
  const codeSelect = $('filter-code');
  codeSelect.replaceChildren(el('option', { value: '' }, 'all codes'), ...[...codes].sort().map((c) => el('option', { value: c }, c)));
  renderTable();
  $('model-findings').replaceChildren(...report.findings.map(findingItem));
  drawStdChart(report);
}

function renderTable() {
  const report = state.report;
  const minSeverity = SEVERITY_RANK[$('filter-severity').value] ?? 0;
  const code = $('filter-code').value;
  const body = $('params').tBodies[0];
  body.replaceChildren();
  for (const layer of report.layers) {
    for (const p of layer.parameters) {
      const w = worst(p.findings);
      if (minSeverity && !(w && SEVERITY_RANK[w.severity] >= minSeverity)) continue;
      if (code && !p.findings.some((f) => f.code === code)) continue;
      const fans = p.fans?.framework;
      const correct = p.fans?.correct;
      const pair = (a, b) => (a === undefined ? '–' : (b !== undefined && b !== a ? `${fmt(a)} / ${fmt(b)}` : fmt(a)));
      const row = el('tr', { tabindex: '0', class: w ? `worst-${w.severity}` : '', 'aria-selected': 'false' },
        el('td', {}, layer.name), el('td', {}, p.name),
        el('td', { class: 'num' }, pair(fans?.fanIn, correct?.fanIn)), el('td', { class: 'num' }, pair(fans?.fanOut, correct?.fanOut)),
        el('td', { class: 'num' }, fmt(p.declared.std)), el('td', { class: 'num' }, fmt(p.intended?.std)),
        el('td', { class: 'num' }, fmt(p.stdRatio)), el('td', {}, w ? `${w.severity} ${w.code}` : ''));
      const open = () => select(row, layer, p);
      row.addEventListener('click', open);
      row.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(); } });
      body.append(row);
    }
  }
}

function findingItem(f) {
  return el('li', { class: `sev-${f.severity}` },
    el('strong', {}, `${f.severity} ${f.code}`), ' ', el('a', { href: f.help, target: '_blank', rel: 'noopener' }, 'what is this?'),
    el('div', {}, f.message),
    el('div', { class: 'evidence' }, Object.entries(f.evidence ?? {}).map(([k, v]) => `${k}=${fmt(v)}`).join('  ')));
}

function select(row, layer, p) {
  for (const r of $('params').tBodies[0].rows) r.setAttribute('aria-selected', 'false');
  row.setAttribute('aria-selected', 'true');
  state.selected = { layer, p };
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
}

// ---- propagation

async function runPropagation() {
  try {
    if ($('source').value !== 'native') throw new Error('Propagation takes a model description (source: native).');
    status('status', 'Propagating with ND4J (forward and backward, declared and corrected)…');
    const model = JSON.parse(modelBody());
    const { json } = await call('POST', `${API}/propagation`, JSON.stringify({ model, batchSize: 8, seed: 1 }));
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
    status('status', `Propagated in ${json.millis} ms on ${json.device}. ${findings}`);
  } catch (e) {
    status('status', e.message, true);
  }
}

// ---- trials

async function startTrial() {
  try {
    if ($('source').value !== 'native') throw new Error('Trials take a model description (source: native).');
    const model = JSON.parse(modelBody());
    const outputs = model.layers[model.layers.length - 1];
    const request = {
      model,
      task: { kind: $('task').value, classes: outputs.out_features ?? outputs.units ?? 10, samples: 2048, seed: 1 },
      optimizer: { name: $('optimizer').value, learningRate: Number($('lr').value) },
      steps: Number($('steps').value), batchSize: 32, seed: 42,
    };
    const { json, location } = await call('POST', `${API}/trials`, JSON.stringify(request), { 'Idempotency-Key': crypto.randomUUID() });
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
      status('trial-status', `Trial ${id}: ${p.status}, step ${p.step} of ${p.totalSteps}`);
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
      el('button', { type: 'button', onclick: async () => showReport((await call('GET', `${API}/audits/${a.id}`)).json) },
        `${a.modelName} — ${a.verdict}`), ` ${new Date(a.createdAt).toLocaleString()}`)));
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
  status('status', `Loaded ${name}: ${json.description ?? ''}`);
}

function upload(e) {
  const file = e.target.files[0];
  if (!file) return;
  file.text().then((text) => {
    $('model').value = text;
    try {
      const doc = JSON.parse(text);
      if (doc.format === 'initaudit.torch-manifest') $('source').value = 'torch';
      else if (doc.class_name && doc.config) $('source').value = 'keras';
      else $('source').value = 'native';
    } catch { /* the audit will say what is wrong */ }
    status('status', `Loaded ${file.name}`);
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
  $('example').addEventListener('change', loadExample);
  $('upload').addEventListener('change', upload);
  $('audit').addEventListener('click', runAudit);
  $('propagate').addEventListener('click', runPropagation);
  $('filter-severity').addEventListener('change', renderTable);
  $('filter-code').addEventListener('change', renderTable);
  $('start-trial').addEventListener('click', startTrial);
  $('cancel-trial').addEventListener('click', cancelTrial);
  loadExamples().catch((e) => status('status', e.message, true));
  loadHistory();
}

init();
