/** Commands of the extension (category "SMTP Log"). Each asks the server; none knows SMTP. */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  SessionStartsRequest, type SessionStartsResult,
  SessionTranscriptRequest, type SessionTranscriptResult,
  MessageTrailRequest, type MessageTrailResult,
} from '../../server/src/protocol';

export const TRANSCRIPT_SCHEME = 'smtp-log-transcript';
export const TRAIL_SCHEME = 'smtp-log-trail';

/**
 * `getClient`: the language client when it runs (none runs before the first SMTP document opens);
 * `ensureClient`: starts it if needed.
 */
export function registerCommands(context: vscode.ExtensionContext, getClient: () => BaseLanguageClient | undefined, ensureClient: () => Promise<BaseLanguageClient>): void {
  const transcripts = new Map<string, { result: SessionTranscriptResult; source: string }>();
  const changed = new vscode.EventEmitter<vscode.Uri>();

  /** a session's lines as a document of their own, each line a link back to its line in `source` */
  const openTranscript = async (result: SessionTranscriptResult, source: string, line: number): Promise<void> => {
    const name = `${result.title.replace(/[\\/:*?"<>|]/g, '_').slice(0, 80)}.log`;
    const uri = vscode.Uri.from({ scheme: TRANSCRIPT_SCHEME, path: '/' + name, query: `${encodeURIComponent(source)}&${line}` });
    transcripts.set(uri.toString(), { result, source });
    changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'smtp-log');
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  };

  const sessionJump = async (dir: 1 | -1) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const client = await ensureClient();
    const starts = await client.sendRequest<SessionStartsResult>(SessionStartsRequest, { uri: editor.document.uri.toString() });
    if (!starts.length) { void vscode.window.setStatusBarMessage(vscode.l10n.t('SMTP Log: no sessions in this document'), 3000); return; }
    const cur = editor.selection.active.line;
    let target: number | undefined;
    if (dir > 0) target = starts.find(l => l > cur);
    else for (let i = starts.length - 1; i >= 0; i--) if (starts[i] < cur) { target = starts[i]; break; }
    if (target === undefined) { void vscode.window.setStatusBarMessage(dir > 0 ? vscode.l10n.t('SMTP Log: no next session') : vscode.l10n.t('SMTP Log: no previous session'), 3000); return; }
    const pos = new vscode.Position(target, 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
  };

  const trails = new Map<string, MessageTrailResult>();
  /** the trail of the message under the cursor (a log or a bounce), or of an id the user types */
  const askTrail = async (): Promise<MessageTrailResult | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const client = await ensureClient();
    const smtp = editor && (editor.document.languageId === 'smtp-log' || editor.document.languageId === 'smtp-ndr');
    let params: { uri?: string; position?: { line: number; character: number }; query?: string };
    if (smtp) params = { uri: editor.document.uri.toString(), position: { line: editor.selection.active.line, character: editor.selection.active.character } };
    else {
      const query = await vscode.window.showInputBox({ prompt: vscode.l10n.t('Queue id, Message-ID or address of the message') });
      if (!query) return undefined;
      params = { query };
    }
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('SMTP Log: following the message') },
      () => client.sendRequest<MessageTrailResult>(MessageTrailRequest, params));
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('smtpLog.showMessageTrail', async () => {
      const r = await askTrail();
      if (!r) return;
      if (!r.trails.length) { void vscode.window.showInformationMessage(r.text.trim()); return; }
      const name = `Trail of ${r.query.replace(/[\\/:*?"<>|]/g, '_').slice(0, 80)}.txt`;
      const uri = vscode.Uri.from({ scheme: TRAIL_SCHEME, path: '/' + name, query: String(Date.now()) });
      trails.set(uri.toString(), r);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    }),
    vscode.commands.registerCommand('smtpLog.copyProofOfDelivery', async () => {
      const r = await askTrail();
      if (!r) return;
      if (!r.trails.length) { void vscode.window.showInformationMessage(r.text.trim()); return; }
      await vscode.env.clipboard.writeText(r.proof);
      void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: the proof was copied: {0}', r.proof.split('\n')[0].slice(0, 200)));
    }),
    vscode.workspace.registerTextDocumentContentProvider(TRAIL_SCHEME, { provideTextDocumentContent: uri => trails.get(uri.toString())?.text ?? '' }),
    vscode.languages.registerDocumentLinkProvider({ scheme: TRAIL_SCHEME }, {
      provideDocumentLinks(doc) {
        const t = trails.get(doc.uri.toString());
        if (!t) return [];
        return t.links.filter(l => l.line < doc.lineCount).map(l => {
          const text = doc.lineAt(l.line).text;
          const start = Math.max(0, text.lastIndexOf('['));
          const link = new vscode.DocumentLink(new vscode.Range(l.line, start, l.line, text.length), vscode.Uri.parse(l.uri).with({ fragment: `L${l.targetLine + 1}` }));
          link.tooltip = vscode.l10n.t('Go to line {0}', l.targetLine + 1);
          return link;
        });
      },
    }),
    vscode.commands.registerCommand('smtpLog.nextSession', () => sessionJump(1)),
    vscode.commands.registerCommand('smtpLog.previousSession', () => sessionJump(-1)),
    vscode.commands.registerCommand('smtpLog.restartServer', async () => {
      const client = getClient();
      if (client) { await client.stop(); await client.start(); } else await ensureClient();
    }),
    vscode.commands.registerCommand('smtpLog.showOutput', async () => (await ensureClient()).outputChannel.show(true)),
    vscode.commands.registerCommand('smtpLog.showSessionTranscript', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const client = await ensureClient();
      const source = editor.document.uri.toString();
      const line = editor.selection.active.line;
      const result = await client.sendRequest<SessionTranscriptResult | null>(SessionTranscriptRequest, { uri: source, line });
      if (!result) { void vscode.window.showInformationMessage(vscode.l10n.t('SMTP Log: the cursor is not in a session.')); return; }
      await openTranscript(result, source, line);
    }),
    // internal (not in the palette): the large-file view opens the sessions it reads from disk with it
    vscode.commands.registerCommand('smtpLog.openTranscript', (result: SessionTranscriptResult, source: string, line: number) => openTranscript(result, source, line)),
    vscode.workspace.registerTextDocumentContentProvider(TRANSCRIPT_SCHEME, {
      onDidChange: changed.event,
      provideTextDocumentContent: uri => transcripts.get(uri.toString())?.result.text ?? '',
    }),
    vscode.languages.registerDocumentLinkProvider({ scheme: TRANSCRIPT_SCHEME }, {
      provideDocumentLinks(doc) {
        const t = transcripts.get(doc.uri.toString());
        if (!t) return [];
        const src = vscode.Uri.parse(t.source);
        return t.result.lines.map((orig, i) => {
          const link = new vscode.DocumentLink(new vscode.Range(i, 0, i, Math.min(doc.lineAt(Math.min(i, doc.lineCount - 1)).text.length, 24)),
            src.with({ fragment: `L${orig + 1}` }));
          link.tooltip = vscode.l10n.t('Go to line {0} of the original log', orig + 1);
          return link;
        });
      },
    }),
  );
}
