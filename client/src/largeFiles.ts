/**
 * Logs above VS Code's 50 MB limit: the editor opens them, but never passes them to extensions, so no
 * hover, problem or outline can reach them. When such a file is open in a tab (or on the command "SMTP
 * Log: Analyze Large Log File"), the server reads it from disk (in a worker thread, with progress, and
 * cancellable) and this view lists its failed replies grouped by kind and remote side, and its sessions
 * by day and hour; a click opens that session's lines, read from the file at their byte offset, as a
 * transcript whose lines link back to the file. Whether a file is an SMTP log is the core's sniffer's call.
 */
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import type { BaseLanguageClient, ProgressType, WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageclient';
import type { SniffedLanguage } from '../../server/src/core/detect/sniff';
import { AnalyzeFileRequest, type AnalyzeFileResult, type AnalyzedItem, FileTranscriptRequest, type FileTranscriptResult } from '../../server/src/protocol';
import { config } from './config';

/** VS Code does not sync documents above this size to extensions (50 MiB). */
export const SYNC_LIMIT = 50 * 1024 * 1024;
const VIEW = 'smtpLog.largeFile';
/**
 * The $/progress of a workDoneToken. The client library uses a progress type only as a type (its
 * handlers are keyed by token), so none is imported: this bundle stays free of the library's code.
 */
const WORK_DONE = {} as ProgressType<WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd>;
let tokens = 0;

type Node = { kind: 'file'; r: AnalyzeFileResult } | { kind: 'section'; r: AnalyzeFileResult; title: string; items: AnalyzedItem[] } | { kind: 'item'; r: AnalyzeFileResult; item: AnalyzedItem };

class LargeFileTree implements vscode.TreeDataProvider<Node> {
  /** one node per analyzed file, kept so that reveal() finds the same element again */
  readonly files = new Map<string, Node & { kind: 'file' }>();
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  set(r: AnalyzeFileResult): Node & { kind: 'file' } {
    const node = { kind: 'file' as const, r };
    this.files.set(r.uri, node);
    this.changed.fire(undefined);
    return node;
  }

  getParent(): undefined { return undefined; }

  getChildren(n?: Node): Node[] {
    if (!n) return [...this.files.values()];
    if (n.kind === 'file') {
      return [
        { kind: 'section', r: n.r, title: vscode.l10n.t('Problems ({0})', n.r.problemCount), items: n.r.problems },
        { kind: 'section', r: n.r, title: vscode.l10n.t('Sessions ({0})', n.r.sessionCount), items: n.r.sessions },
      ];
    }
    const items = n.kind === 'section' ? n.items : n.item.children ?? [];
    return items.map(item => ({ kind: 'item', r: n.r, item }));
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.kind === 'file') {
      const t = new vscode.TreeItem(vscode.Uri.parse(n.r.uri).path.split('/').pop() ?? n.r.uri, vscode.TreeItemCollapsibleState.Expanded);
      t.description = `${(n.r.bytes / 1048576).toFixed(0)} MB, ${n.r.lineCount.toLocaleString('en')} lines, ${n.r.formatName}`;
      t.tooltip = [`Read from disk in ${n.r.ms} ms: VS Code passes no file above 50 MB to extensions.`, ...n.r.notes].join('\n');
      t.iconPath = new vscode.ThemeIcon('file');
      return t;
    }
    if (n.kind === 'section') return new vscode.TreeItem(n.title, n.items.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    const t = new vscode.TreeItem(n.item.label, n.item.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    if (n.item.line >= 0) t.description = `line ${n.item.line + 1}${n.item.detail ? ' · ' + n.item.detail : ''}`;
    else if (n.item.detail) t.description = n.item.detail;
    t.iconPath = new vscode.ThemeIcon(n.item.severity === 'error' ? 'error' : n.item.severity === 'warning' ? 'warning' : 'symbol-module');
    // the editor cannot show the file itself: the session's lines are read from it at their offset
    if (n.item.line >= 0 && n.item.offset !== undefined && !n.r.compressed) t.command = { command: OPEN_ITEM, title: vscode.l10n.t('Show the session'), arguments: [n.r.uri, n.r.format, n.item] };
    return t;
  }
}

/** internal command of the view's items: the session at an item's line, read from the file */
const OPEN_ITEM = 'smtpLog.largeFile.openItem';

/** The first bytes of a file, as text (for the sniffer): UTF-16 by its byte order mark (Exchange's report CSVs), else UTF-8. */
function head(path: string, bytes = 64 * 1024): string {
  const fd = fs.openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    const even = n - (n % 2);
    if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2, even).toString('utf16le');
    if (buf[0] === 0xfe && buf[1] === 0xff) return Buffer.from(buf.subarray(2, even)).swap16().toString('utf16le');
    return buf.subarray(0, n).toString('utf8');
  } finally { fs.closeSync(fd); }
}

/**
 * `hold` keeps the language server running while an analysis runs (no SMTP document need be open);
 * `sniffer` loads the core's sniffer when a large file is first looked at.
 */
export function registerLargeFiles(context: vscode.ExtensionContext, getClient: () => Promise<BaseLanguageClient>, hold: <T>(work: Promise<T>) => Promise<T>,
  sniffer: () => (head: string) => SniffedLanguage | undefined): void {
  // the command is offered where there is a disk (the desktop and remote extension host, not the web)
  void vscode.commands.executeCommand('setContext', 'smtpLog.canReadDisk', true);
  const tree = new LargeFileTree();
  const view = vscode.window.createTreeView(VIEW, { treeDataProvider: tree, showCollapseAll: true });
  const inFlight = new Map<string, Promise<AnalyzeFileResult | undefined>>();

  /** one analysis per file at a time: a second caller (the tab watcher, the command) gets the same promise */
  const analyze = (uri: vscode.Uri, reveal: boolean): Promise<AnalyzeFileResult | undefined> => {
    const key = uri.toString();
    let p = inFlight.get(key);
    if (!p) {
      p = hold(run(uri, reveal)).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  };
  const run = async (uri: vscode.Uri, reveal: boolean): Promise<AnalyzeFileResult | undefined> => {
    try {
      const client = await getClient();
      await vscode.commands.executeCommand('setContext', 'smtpLog.largeFileAnalyzed', true);
      // the server reports how far it read ($/progress); Cancel stops the analysis
      const r = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('SMTP Log: reading {0} from disk', uri.path.split('/').pop() ?? ''), cancellable: true },
        async (progress, cancel) => {
          const workDoneToken = `smtpLog/analyze/${++tokens}`;
          let shown = 0;
          const sub = client.onProgress(WORK_DONE, workDoneToken, v => {
            if (v.kind !== 'report' || v.percentage === undefined) return;
            progress.report({ increment: v.percentage - shown, message: v.message });
            shown = v.percentage;
          });
          try {
            return await client.sendRequest<AnalyzeFileResult | null>(AnalyzeFileRequest, { uri: uri.toString(), workDoneToken }, cancel);
          } catch (e) {
            if (cancel.isCancellationRequested) return null;
            throw e;
          } finally { sub.dispose(); }
        });
      if (!r) return undefined;
      const node = tree.set(r);
      if (reveal) await view.reveal(node, { expand: 2, focus: false }).then(undefined, () => undefined);
      return r;
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('SMTP Log: could not analyze {0}: {1}', uri.fsPath, e instanceof Error ? e.message : String(e)));
      return undefined;
    }
  };

  /** large files already looked at that are not SMTP logs: not read again on every tab change */
  const notLogs = new Set<string>();
  /** Open tabs whose document VS Code did not give to extensions (too large), that are SMTP logs. */
  const checkTabs = async (): Promise<void> => {
    if (!config.sniffContent()) return;
    const synced = new Set(vscode.workspace.textDocuments.map(d => d.uri.toString()));
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        if (!(tab.input instanceof vscode.TabInputText)) continue;
        const uri = tab.input.uri;
        const key = uri.toString();
        if (uri.scheme !== 'file' || synced.has(key) || tree.files.has(key) || inFlight.has(key) || notLogs.has(key)) continue;
        let size = 0;
        try { size = fs.statSync(uri.fsPath).size; } catch { continue; }
        if (size <= SYNC_LIMIT) continue;
        if (!sniffer()(head(uri.fsPath))) { notLogs.add(key); continue; }
        void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: {0} is {1} MB. VS Code passes no file above 50 MB to extensions, so hovers, problems and the outline cannot appear in the editor: the sessions and failed replies are listed in the SMTP Log (Large Files) view instead.', uri.fsPath.split(/[\\/]/).pop() ?? '', (size / 1048576).toFixed(0)));
        await analyze(uri, true);
      }
    }
  };

  context.subscriptions.push(
    view,
    vscode.commands.registerCommand(OPEN_ITEM, async (file: string, format: string, item: AnalyzedItem) => {
      try {
        const client = await getClient();
        const t = await hold(Promise.resolve(client.sendRequest<FileTranscriptResult | null>(FileTranscriptRequest, { uri: file, line: item.line, offset: item.offset, format })));
        if (!t) { void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: line {0} is in no session.', item.line + 1)); return; }
        if (t.cut) void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: this session goes on past the 8 MB read after its first line; its later lines are not shown.'));
        await vscode.commands.executeCommand('smtpLog.openTranscript', t, file, item.line);
      } catch (e) {
        void vscode.window.showErrorMessage(vscode.l10n.t('SMTP Log: could not read the session: {0}', e instanceof Error ? e.message : String(e)));
      }
    }),
    vscode.window.tabGroups.onDidChangeTabs(() => { void checkTabs(); }),
    vscode.commands.registerCommand('smtpLog.analyzeLargeFile', async (arg?: vscode.Uri) => {
      let uri = arg instanceof vscode.Uri ? arg : undefined;
      const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      if (!uri && active instanceof vscode.TabInputText && active.uri.scheme === 'file') uri = active.uri;
      if (!uri) uri = (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Analyze'), title: vscode.l10n.t('SMTP Log: analyze a log file from disk') }))?.[0];
      // the result is returned too, for scripts and tests that run the command
      return uri ? analyze(uri, true) : undefined;
    }),
  );
  void checkTabs();
}
