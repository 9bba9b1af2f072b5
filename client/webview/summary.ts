/**
 * The Summary view's script (runs in the webview; bundled with Chart.js into dist/webview/summary.js).
 *
 * Chart.js (not uPlot, Observable Plot or Vega-Lite): a stacked bar chart with click and keyboard hit
 * testing is a few lines of its public API; it draws on a canvas, evaluates no strings (Vega compiles
 * expressions with `new Function` unless configured otherwise), injects no stylesheet (uPlot needs its
 * CSS file), and tree-shaken to bars, two scales and the tooltip it adds about 60 KB gzipped to the VSIX.
 * It runs under the view's Content-Security-Policy (scripts by nonce only, no eval, no network).
 *
 * The data comes from the extension by postMessage (the server's smtpLog/summary result); every number,
 * bar and list entry posts back a filter (the server's own classification) or a line to open.
 * Colours are VS Code's theme variables (--vscode-charts-*), read again when the theme changes.
 */
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, type ChartEvent, type ActiveElement } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

interface Item { filter: string; label: string; count: number; verdict?: string; whoActs?: string; severity?: string; line: number; file: string }
interface Bucket { start: string; delivered: number; deferred: number; bounced: number; rejected: number }
interface Summary {
  first: string | null; last: string | null; bucket: 'minute' | 'hour' | 'day' | 'week'; buckets: Bucket[];
  totals: Record<string, number>; reasons: Item[]; deferrals: Item[]; codes: Item[]; domains: Item[]; hosts: Item[]; senders: Item[]; recipients: Item[]; notes: string[];
}

interface WorkspaceInfo {
  scope: 'disk' | 'open documents';
  read: { uri: string; name: string; formatName: string; bytes: number; lines: number; notes: string[] }[]; readCount: number;
  skipped: { uri: string; name: string; reason: string }[]; skippedCount: number;
  notes: string[];
}
interface Shown { scope: 'file' | 'workspace'; workspace?: WorkspaceInfo; file?: string }

declare function acquireVsCodeApi(): { postMessage(m: unknown): void };
const vscode = acquireVsCodeApi();

const OUTCOMES = ['delivered', 'deferred', 'bounced', 'rejected'] as const;
const COLOUR_VARS: Record<(typeof OUTCOMES)[number], string> = {
  delivered: '--vscode-charts-green', deferred: '--vscode-charts-yellow', bounced: '--vscode-charts-red', rejected: '--vscode-charts-purple',
};
const BUCKET_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 };

const css = (name: string, fallback: string): string => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** A button that opens the lines a filter counts. */
function filterButton(text: string, filter: string, title: string): HTMLButtonElement {
  const b = el('button', { class: 'link', title, 'data-filter': filter }, text);
  b.addEventListener('click', () => vscode.postMessage({ type: 'filter', filter }));
  return b;
}

let chart: Chart | undefined;
let current: Summary | undefined;
let focus = { bucket: 0, outcome: 0 };
let shownNow: Shown = { scope: 'file' };

/** A button that switches the view between this file and the workspace. */
function switchButton(text: string, to: 'file' | 'workspace', title: string): HTMLButtonElement {
  const b = el('button', { class: 'jump', title, 'data-switch': to }, text);
  b.addEventListener('click', () => vscode.postMessage({ type: 'switch', to }));
  return b;
}

function render(s: Summary, title: string, shown: Shown = { scope: 'file' }): void {
  current = s;
  const root = document.getElementById('root')!;
  root.replaceChildren();
  root.append(el('h1', {}, title));
  const ws = shown.workspace;
  root.append(el('p', { class: 'switch' }, shown.scope === 'file'
    ? switchButton('Show the workspace', 'workspace', 'The same summary over every SMTP log and bounce of the workspace')
    : switchButton(shown.file ? `Show ${shown.file} only` : 'Show the active file only', 'file', 'The summary of one file')));
  if (ws) {
    const mb = (b: number) => (b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(b / 1024))} KB`);
    root.append(el('p', { class: 'span' }, ws.scope === 'disk'
      ? `${ws.readCount} logs and bounces of the workspace read (${mb(ws.read.reduce((a, f) => a + f.bytes, 0))}), ${ws.skippedCount} files not summarised.`
      : `${ws.readCount} open SMTP documents (no disk here: the open documents only).`));
  }
  root.append(el('p', { class: 'span' }, s.first ? `From ${s.first.replace('T', ' ')} to ${(s.last ?? s.first).replace('T', ' ')}` : 'No time in this log.'));
  const n = (x: number) => x.toLocaleString('en-US');
  const t = s.totals;
  const totals = el('div', { class: 'totals', role: 'list' });
  const cell = (label: string, value: number, filter?: string, help?: string) => {
    const v = filter && value > 0 ? filterButton(n(value), filter, `Open the ${label} lines`) : el('span', { class: 'num' }, n(value));
    v.classList.add('num');
    totals.append(el('div', { class: 'total', role: 'listitem', title: help ?? label }, v, el('span', { class: 'label' }, label)));
  };
  cell('connections', t.connections);
  cell('received', t.received, undefined, 'messages accepted from a client');
  cell('delivered', t.delivered, 'outcome:delivered', 'deliveries, one per recipient');
  cell('deferred', t.deferred, 'outcome:deferred', `temporary failures, in ${n(t.deferredMessages)} messages`);
  cell('bounced', t.bounced, 'outcome:bounced', 'permanent delivery failures, one per recipient');
  cell('rejected', t.rejected, 'outcome:rejected', 'refused during the SMTP conversation');
  if (t.authFailures) cell('auth failures', t.authFailures);
  cell('all failures', t.failures, 'failures', 'Show Failures Only');
  root.append(totals);

  if (s.buckets.length) {
    root.append(el('h2', {}, `Events per ${s.bucket}`));
    const canvas = el('canvas', {
      id: 'chart', tabindex: '0', role: 'img',
      'aria-label': `Events per ${s.bucket}, stacked by outcome. Left and right arrows choose a ${s.bucket}, up and down an outcome, Enter opens its lines.`,
    });
    root.append(el('div', { class: 'chart' }, canvas));
    drawChart(canvas, s);
  }

  const list = (heading: string, items: Item[], detail: boolean) => {
    if (!items.length) return;
    root.append(el('h2', {}, heading));
    const table = el('table');
    for (const it of items) {
      const row = el('tr', {}, el('td', { class: 'count' }, filterButton(n(it.count), it.filter, `Open these ${it.count} lines`)));
      const what = el('td', {}, filterButton(it.label, it.filter, it.verdict ?? it.label));
      // the verdict when it says more than the label (which starts with it), then who acts
      const verdict = it.verdict && !it.label.endsWith(it.verdict) ? `${it.verdict.replace(/\.$/, '')}. ` : '';
      if (detail && (verdict || it.whoActs)) what.append(el('div', { class: 'verdict' }, `${verdict}${it.whoActs ? `Who acts: ${it.whoActs}.` : ''}`));
      const jump = el('button', { class: 'jump', title: `Go to line ${it.line + 1} (the first one)` }, `line ${it.line + 1}`);
      jump.title = ws ? `Go to line ${it.line + 1} of ${fileName(ws, it.file)} (the first one)` : jump.title;
      if (ws) jump.textContent = `${fileName(ws, it.file)}:${it.line + 1}`;
      jump.addEventListener('click', () => vscode.postMessage({ type: 'open', line: it.line, file: it.file }));
      row.append(what, el('td', {}, jump));
      table.append(row);
    }
    root.append(table);
  };
  list('Top failure reasons', s.reasons, true);
  list('Deferral reasons', s.deferrals, false);
  list('Reply codes', s.codes, false);
  list('Remote domains with failures', s.domains, false);
  list('Remote hosts with failures', s.hosts, false);
  list('Senders with failures', s.senders, false);
  list('Recipients with failures', s.recipients, false);
  if (!s.reasons.length && t.records > 0) root.append(el('p', {}, ws ? 'No failures in these files.' : 'No failures in this log.'));
  for (const note of s.notes) root.append(el('p', { class: 'note' }, note));
  if (ws) renderFiles(root, ws);
}

function fileName(ws: WorkspaceInfo, uri: string): string {
  return ws.read.find(f => f.uri === uri)?.name ?? decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

/** What the workspace summary read, left out and cut, file by file. */
function renderFiles(root: HTMLElement, ws: WorkspaceInfo): void {
  for (const note of ws.notes) root.append(el('p', { class: 'note' }, note));
  root.append(el('h2', {}, `Files read (${ws.readCount})`));
  const table = el('table', { class: 'files' });
  for (const f of ws.read) {
    const open = el('button', { class: 'link', title: `Open ${f.name}` }, f.name);
    open.addEventListener('click', () => vscode.postMessage({ type: 'open', line: 0, file: f.uri }));
    table.append(el('tr', {}, el('td', {}, open), el('td', {}, f.formatName), el('td', { class: 'count' }, `${f.lines.toLocaleString('en-US')} lines`),
      el('td', { class: 'note' }, f.notes.length ? `cut: ${f.notes.join(' ')}` : '')));
  }
  root.append(table);
  if (ws.skipped.length) {
    root.append(el('h2', {}, `Files not summarised (${ws.skippedCount})`));
    const t = el('table', { class: 'files' });
    for (const f of ws.skipped) t.append(el('tr', {}, el('td', {}, f.name), el('td', { class: 'note' }, f.reason)));
    root.append(t);
  }
}

/** The filter of one bar: an outcome in one bucket. */
function barFilter(s: Summary, bucket: number, outcome: number): string {
  const from = s.buckets[bucket].start;
  const to = new Date(Date.parse(from + 'Z') + BUCKET_MS[s.bucket]).toISOString().slice(0, 19);
  return `outcome:${OUTCOMES[outcome]}@${from}/${to}`;
}

function label(s: Summary, start: string): string {
  return s.bucket === 'minute' || s.bucket === 'hour' ? start.slice(0, 16).replace('T', ' ') : start.slice(0, 10);
}

function drawChart(canvas: HTMLCanvasElement, s: Summary): void {
  chart?.destroy();
  const fg = css('--vscode-foreground', '#888');
  const grid = css('--vscode-charts-lines', 'rgba(128,128,128,0.3)');
  chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: s.buckets.map(b => label(s, b.start)),
      datasets: OUTCOMES.map(o => ({ label: o, data: s.buckets.map(b => b[o]), backgroundColor: css(COLOUR_VARS[o], '#888'), stack: 'events' })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      color: fg,
      scales: {
        x: { stacked: true, ticks: { color: fg, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
        y: { stacked: true, beginAtZero: true, ticks: { color: fg, precision: 0 }, grid: { color: grid } },
      },
      plugins: { legend: { labels: { color: fg } }, tooltip: { callbacks: { footer: () => 'Click (or Enter) to open these lines' } } },
      onClick: (_e: ChartEvent, els: ActiveElement[]) => {
        const hit = els[0];
        if (hit && current) vscode.postMessage({ type: 'filter', filter: barFilter(current, hit.index, hit.datasetIndex) });
      },
      onHover: (e: ChartEvent, els: ActiveElement[]) => { (e.native?.target as HTMLElement | undefined)?.style.setProperty('cursor', els.length ? 'pointer' : 'default'); },
    },
  });
  // where each drawn bar is (CSS pixels in the canvas) and what it opens: for tools that drive the view (the real-editor test clicks one)
  const bars: { x: number; y: number; filter: string }[] = [];
  OUTCOMES.forEach((_, d) => chart!.getDatasetMeta(d).data.forEach((e, i) => {
    const p = e.getProps(['x', 'y', 'base'], true) as unknown as { x: number; y: number; base: number };
    if (s.buckets[i][OUTCOMES[d]] > 0 && bars.length < 200) bars.push({ x: Math.round(p.x), y: Math.round((p.y + p.base) / 2), filter: barFilter(s, i, d) });
  }));
  canvas.dataset.bars = JSON.stringify(bars);
  focus = { bucket: Math.max(0, s.buckets.findIndex(b => b.deferred + b.bounced + b.rejected > 0)), outcome: 0 };
  canvas.addEventListener('keydown', e => onKey(e));
  canvas.addEventListener('focus', () => showFocus());
}

function showFocus(): void {
  if (!chart || !current) return;
  const els = [{ datasetIndex: focus.outcome, index: focus.bucket }];
  chart.setActiveElements(els);
  chart.tooltip?.setActiveElements(els, { x: 0, y: 0 });
  chart.update();
}

function onKey(e: KeyboardEvent): void {
  if (!current) return;
  const n = current.buckets.length;
  if (e.key === 'ArrowRight') focus.bucket = Math.min(n - 1, focus.bucket + 1);
  else if (e.key === 'ArrowLeft') focus.bucket = Math.max(0, focus.bucket - 1);
  else if (e.key === 'ArrowUp') focus.outcome = Math.min(OUTCOMES.length - 1, focus.outcome + 1);
  else if (e.key === 'ArrowDown') focus.outcome = Math.max(0, focus.outcome - 1);
  else if (e.key === 'Home') focus.bucket = 0;
  else if (e.key === 'End') focus.bucket = n - 1;
  else if (e.key === 'Enter' || e.key === ' ') { vscode.postMessage({ type: 'filter', filter: barFilter(current, focus.bucket, focus.outcome) }); e.preventDefault(); return; }
  else return;
  e.preventDefault();
  showFocus();
}

window.addEventListener('message', (e: MessageEvent) => {
  const m = e.data as { type: string; summary?: Summary; title?: string; scope?: 'file' | 'workspace'; workspace?: WorkspaceInfo; file?: string };
  if (m.type === 'summary' && m.summary) { shownNow = { scope: m.scope ?? 'file', workspace: m.workspace, file: m.file }; render(m.summary, m.title ?? 'Summary', shownNow); }
});

// the theme changed (VS Code swaps the body's class): redraw with its colours
new MutationObserver(() => { if (current) { const c = document.getElementById('chart') as HTMLCanvasElement | null; if (c) drawChart(c, current); } })
  .observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready' });
