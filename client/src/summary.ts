/**
 * The summary in the editor: the Summary view (a webview with totals, a chart and top lists, every number
 * clickable), filtered views ("Show Failures Only" and the lines behind any number: read-only documents
 * like the session transcript, each line linking back), and a status bar item for the active SMTP document.
 * The same view and filtered views for the workspace: every log and bounce the workspace index covers
 * (smtpLog/workspaceSummary, smtpLog/workspaceFilterView), a view's lines under a `==> file <==` header per file,
 * each line linking to its file's line. Everything is asked of the server; nothing here knows SMTP.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  SummaryRequest, type SummaryResult,
  FilterViewRequest, type FilterViewResult,
  WorkspaceSummaryRequest, type WorkspaceSummaryResult,
  WorkspaceFilterViewRequest, type WorkspaceFilterViewResult,
} from '../../server/src/protocol';

export const FILTER_SCHEME = 'smtp-log-filter';
const SMTP_LANGUAGES = ['smtp-log', 'smtp-ndr'];

const nonce = (): string => {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
};

const baseName = (uri: vscode.Uri): string => uri.path.slice(uri.path.lastIndexOf('/') + 1) || uri.toString();

export function registerSummary(context: vscode.ExtensionContext, ensureClient: () => Promise<BaseLanguageClient>): void {
  /** each filtered view: its text, and per line the file and 0-based line it shows (line -1: a file's header; none: a blank line) */
  const views = new Map<string, { text: string; targets: ({ uri: string; line: number } | undefined)[] }>();
  const changed = new vscode.EventEmitter<vscode.Uri>();
  const panels = new Map<string, vscode.WebviewPanel>();

  const smtpEditor = (uri?: vscode.Uri): vscode.TextDocument | undefined => {
    if (uri) return vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
    const d = vscode.window.activeTextEditor?.document;
    return d && SMTP_LANGUAGES.includes(d.languageId) ? d : undefined;
  };

  /** Opens the lines of `source` that `filter` counts, beside the current editor. */
  const openFilter = async (source: string, filter: string): Promise<vscode.TextEditor | undefined> => {
    const client = await ensureClient();
    let result: FilterViewResult | null;
    try {
      result = await client.sendRequest<FilterViewResult | null>(FilterViewRequest, { uri: source, filter });
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('SMTP Log: {0}', e instanceof Error ? e.message : String(e)));
      return undefined;
    }
    if (!result) { void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: the document is no longer open.')); return undefined; }
    if (!result.lines.length) { void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: no lines match "{0}".', result.title)); return undefined; }
    const name = `${result.title.replace(/[\\/:*?"<>|]/g, '_').slice(0, 80)} - ${baseName(vscode.Uri.parse(source))}.log`;
    const uri = vscode.Uri.from({ scheme: FILTER_SCHEME, path: '/' + name, query: `${encodeURIComponent(source)}&${encodeURIComponent(filter)}` });
    views.set(uri.toString(), { text: result.text, targets: result.lines.map(l => ({ uri: source, line: l })) });
    return showView(uri);
  };

  const showView = async (uri: vscode.Uri): Promise<vscode.TextEditor> => {
    changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'smtp-log');
    return vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  };

  /** A request that failed: said, unless the user cancelled it (the progress notification's Cancel). */
  const failed = (e: unknown): void => {
    if ((e as { code?: number } | undefined)?.code === -32800) return;
    void vscode.window.showErrorMessage(vscode.l10n.t('SMTP Log: {0}', e instanceof Error ? e.message : String(e)));
  };

  /** Opens the lines of every workspace file that `filter` counts (read again from disk by the server, with progress). */
  const openWorkspaceFilter = async (filter: string): Promise<vscode.TextEditor | undefined> => {
    const client = await ensureClient();
    let result: WorkspaceFilterViewResult;
    try {
      result = await client.sendRequest<WorkspaceFilterViewResult>(WorkspaceFilterViewRequest, { filter });
    } catch (e) {
      failed(e);
      return undefined;
    }
    if (!result.lines.some(l => l >= 0)) { void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: no lines of the workspace match "{0}".', result.title)); return undefined; }
    if (result.cut) void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: the view shows the first {0} of {1} matching lines.', result.lines.filter(l => l >= 0).length, result.count));
    const name = `${result.title.replace(/[\\/:*?"<>|]/g, '_').slice(0, 80)} - workspace.log`;
    const uri = vscode.Uri.from({ scheme: FILTER_SCHEME, path: '/' + name, query: `workspace&${encodeURIComponent(filter)}` });
    views.set(uri.toString(), { text: result.text, targets: result.lines.map((l, i) => (result.fileOf[i] >= 0 ? { uri: result.files[result.fileOf[i]], line: l } : undefined)) });
    return showView(uri);
  };

  const revealLine = async (source: string, line: number): Promise<void> => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(source));
    const pos = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
  };

  const html = (webview: vscode.Webview): string => {
    const n = nonce();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist/webview/summary.js'));
    // scripts by nonce only (no eval, no inline handlers); styles: the nonce'd block below and Chart.js's style properties
    const csp = `default-src 'none'; img-src ${webview.cspSource} data:; style-src 'nonce-${n}'; script-src 'nonce-${n}';`;
    return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${n}">
body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 16px 16px; }
h1 { font-size: 1.4em; margin-bottom: 0; } h2 { font-size: 1.1em; margin: 1.4em 0 0.4em; }
.span, .note, .verdict { color: var(--vscode-descriptionForeground); }
.totals { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
.total { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); padding: 6px 12px; min-width: 90px; background: var(--vscode-editorWidget-background); }
.total .num { display: block; font-size: 1.6em; }
.chart { position: relative; height: 260px; }
canvas:focus, button:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
button { font: inherit; cursor: pointer; }
button.link { background: none; border: none; padding: 0; color: var(--vscode-textLink-foreground); text-align: left; }
button.link:hover { text-decoration: underline; color: var(--vscode-textLink-activeForeground); }
button.jump { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: 1px solid var(--vscode-contrastBorder, transparent); padding: 1px 6px; }
table { border-collapse: collapse; } td { padding: 2px 10px 2px 0; vertical-align: top; } td.count { text-align: right; }
</style><title>SMTP Summary</title></head>
<body><main id="root"><p>Reading the log…</p></main><script nonce="${n}" src="${script}"></script></body></html>`;
  };

  /** the last SMTP document a summary was shown for (the view's "this file" switch) */
  let lastFile: string | undefined;

  const openPanel = (key: string, title: string, post: () => void, onFilter: (filter: string) => void): vscode.WebviewPanel => {
    let panel = panels.get(key);
    if (panel) { panel.title = title; panel.reveal(vscode.ViewColumn.Beside); post(); return panel; }
    panel = vscode.window.createWebviewPanel('smtpLog.summary', title, vscode.ViewColumn.Beside, {
      enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist/webview')], retainContextWhenHidden: false,
    });
    panels.set(key, panel);
    panel.onDidDispose(() => panels.delete(key));
    panel.webview.onDidReceiveMessage((m: { type: string; filter?: string; line?: number; file?: string; to?: string }) => {
      if (m.type === 'ready') post();
      else if (m.type === 'filter' && typeof m.filter === 'string') onFilter(m.filter);
      else if (m.type === 'open' && Number.isInteger(m.line) && typeof m.file === 'string') void revealLine(m.file, m.line!);
      else if (m.type === 'switch' && m.to === 'workspace') void showWorkspaceSummary();
      else if (m.type === 'switch' && m.to === 'file') void showSummary(lastFile ? vscode.Uri.parse(lastFile) : undefined);
    });
    panel.webview.html = html(panel.webview);
    return panel;
  };

  const showSummary = async (uri?: vscode.Uri): Promise<vscode.WebviewPanel | undefined> => {
    const doc = smtpEditor(uri instanceof vscode.Uri ? uri : undefined);
    if (!doc) { void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: open an SMTP log or bounce to see its summary.')); return undefined; }
    const source = doc.uri.toString();
    lastFile = source;
    const client = await ensureClient();
    const summary = await client.sendRequest<SummaryResult | null>(SummaryRequest, { uri: source });
    if (!summary) return undefined;
    const title = vscode.l10n.t('Summary: {0}', baseName(doc.uri));
    let panel: vscode.WebviewPanel | undefined;
    const post = (): void => { void panel?.webview.postMessage({ type: 'summary', summary, title, scope: 'file' }); };
    panel = openPanel(source, title, post, filter => void openFilter(source, filter));
    return panel;
  };

  let workspaceRequest: Promise<WorkspaceSummaryResult> | undefined;
  const showWorkspaceSummary = async (): Promise<vscode.WebviewPanel | undefined> => {
    const d = vscode.window.activeTextEditor?.document;
    if (d && SMTP_LANGUAGES.includes(d.languageId) && d.uri.scheme !== FILTER_SCHEME) lastFile = d.uri.toString();
    const client = await ensureClient();
    let ws: WorkspaceSummaryResult;
    try {
      // a second click while the workspace is being read waits for the same answer
      workspaceRequest ??= Promise.resolve(client.sendRequest<WorkspaceSummaryResult>(WorkspaceSummaryRequest, {})).finally(() => { workspaceRequest = undefined; });
      ws = await workspaceRequest;
    } catch (e) {
      failed(e);
      return undefined;
    }
    const title = ws.scope === 'disk' ? vscode.l10n.t('Summary: workspace') : vscode.l10n.t('Summary: open documents');
    let panel: vscode.WebviewPanel | undefined;
    const post = (): void => { void panel?.webview.postMessage({ type: 'summary', summary: ws.summary, title, scope: 'workspace', workspace: ws, file: lastFile && baseName(vscode.Uri.parse(lastFile)) }); };
    panel = openPanel('workspace', title, post, filter => void openWorkspaceFilter(filter));
    return panel;
  };

  // the status bar: "SMTP: 12 bounced, 3 deferred" for the active SMTP document; a click opens the summary
  const status = vscode.window.createStatusBarItem('smtpLog.summary', vscode.StatusBarAlignment.Left, 10);
  status.name = vscode.l10n.t('SMTP Log summary');
  status.command = 'smtpLog.showSummary';
  let pending: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  const refreshStatus = (): void => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(async () => {
      const doc = smtpEditor();
      const mine = ++generation;
      if (!doc || doc.uri.scheme === FILTER_SCHEME) { status.hide(); return; }
      try {
        const client = await ensureClient();
        const s = await client.sendRequest<SummaryResult | null>(SummaryRequest, { uri: doc.uri.toString() });
        if (mine !== generation || !s) return;
        const t = s.totals;
        const parts: string[] = [];
        if (t.bounced) parts.push(vscode.l10n.t('{0} bounced', t.bounced));
        if (t.deferred) parts.push(vscode.l10n.t('{0} deferred', t.deferred));
        if (t.rejected) parts.push(vscode.l10n.t('{0} rejected', t.rejected));
        if (!parts.length) parts.push(t.delivered ? vscode.l10n.t('{0} delivered, no failures', t.delivered) : vscode.l10n.t('no failures'));
        status.text = `$(mail) SMTP: ${parts.join(', ')}`;
        status.tooltip = vscode.l10n.t('{0} connections, {1} received, {2} delivered, {3} deferred, {4} bounced, {5} rejected. Click for the summary.',
          t.connections, t.received, t.delivered, t.deferred, t.bounced, t.rejected);
        status.show();
      } catch { status.hide(); }
    }, 400);
  };

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('smtpLog.showSummary', (uri?: vscode.Uri) => showSummary(uri)),
    vscode.commands.registerCommand('smtpLog.showWorkspaceSummary', () => showWorkspaceSummary()),
    // the lines behind a number of the workspace summary: (filter)
    vscode.commands.registerCommand('smtpLog.showWorkspaceFiltered', (filter: string) => openWorkspaceFilter(filter)),
    vscode.commands.registerCommand('smtpLog.showFailures', async (uri?: vscode.Uri) => {
      const doc = smtpEditor(uri instanceof vscode.Uri ? uri : undefined);
      if (!doc) return undefined;
      return openFilter(doc.uri.toString(), 'failures');
    }),
    // the lines behind a number: (source uri, filter) from the Summary view or another extension
    vscode.commands.registerCommand('smtpLog.showFiltered', (source: string, filter: string) => openFilter(source, filter)),
    vscode.workspace.registerTextDocumentContentProvider(FILTER_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: uri => views.get(uri.toString())?.text ?? '',
    }),
    vscode.languages.registerDocumentLinkProvider({ scheme: FILTER_SCHEME }, {
      provideDocumentLinks(doc) {
        const v = views.get(doc.uri.toString());
        if (!v) return [];
        const links: vscode.DocumentLink[] = [];
        v.targets.forEach((t, i) => {
          if (!t || i >= doc.lineCount) return;
          const src = vscode.Uri.parse(t.uri);
          const len = doc.lineAt(i).text.length;
          // a file's header links to the file; a line (its first characters) to its line in that file
          const link = new vscode.DocumentLink(new vscode.Range(i, 0, i, t.line < 0 ? len : Math.min(len, 24)), t.line < 0 ? src : src.with({ fragment: `L${t.line + 1}` }));
          link.tooltip = t.line < 0 ? vscode.l10n.t('Open {0}', baseName(src)) : vscode.l10n.t('Go to line {0} of {1}', t.line + 1, baseName(src));
          links.push(link);
        });
        return links;
      },
    }),
    // a workspace view folds per file (its header to its last line); the view's own folding comes from the language server
    vscode.languages.registerFoldingRangeProvider({ scheme: FILTER_SCHEME }, {
      provideFoldingRanges(doc) {
        const v = views.get(doc.uri.toString());
        if (!v) return [];
        const out: vscode.FoldingRange[] = [];
        let start = -1;
        v.targets.forEach((t, i) => {
          if (t && t.line < 0) start = i;
          const next = v.targets[i + 1];
          if (start >= 0 && i > start && (!next || next.line < 0)) { out.push(new vscode.FoldingRange(start, i)); start = -1; }
        });
        return out;
      },
    }),
    vscode.window.onDidChangeActiveTextEditor(refreshStatus),
    vscode.workspace.onDidChangeTextDocument(e => { if (e.document === vscode.window.activeTextEditor?.document) refreshStatus(); }),
    vscode.workspace.onDidOpenTextDocument(d => { if (d === vscode.window.activeTextEditor?.document) refreshStatus(); }),
  );
  refreshStatus();
}
