/** Helpers for the real-editor suite: documents of the test workspace, waiting on the server, reading hovers. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'smtp-log-analyzer.smtp-log-analyzer';

/**
 * Activates the extension and waits until its language client runs (the API's `start`, no sleeping;
 * by itself the client starts only when the first SMTP document opens).
 */
export async function extensionReady(): Promise<void> {
  const ext = vscode.extensions.getExtension<{ ready: Promise<void>; start(): Promise<void> }>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  const api = await ext.activate();
  await api.start();
  await api.ready;
}

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the real-editor tests need a workspace folder (the runner opens one)');
  return vscode.Uri.joinPath(folder.uri, name);
}

export async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Polls `fn` until it returns a truthy value (the server may still be parsing); fails with the last value. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | null | false> | T | undefined | null | false, ms = 30000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise(r => setTimeout(r, 200));
  }
}

/** The language of a document once content sniffing has had its say. */
export function languageOf(uri: vscode.Uri): Promise<string> {
  return until(`language of ${uri.path}`, () => {
    const d = vscode.workspace.textDocuments.find(x => x.uri.toString() === uri.toString());
    return d && d.languageId !== 'plaintext' && d.languageId !== 'log' ? d.languageId : undefined;
  });
}

/** Line index of the first line containing `needle`. */
export function lineOf(doc: vscode.TextDocument, needle: string, from = 0): number {
  for (let i = from; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
  throw new Error(`no line of ${doc.uri.path} contains ${JSON.stringify(needle)}`);
}

/** The markdown of the hover at `needle` on the first line containing `lineNeedle`. */
export async function hoverText(doc: vscode.TextDocument, lineNeedle: string, needle: string): Promise<string> {
  const line = lineOf(doc, lineNeedle);
  const col = doc.lineAt(line).text.indexOf(needle);
  assert.ok(col >= 0, `no ${needle} on line ${line + 1}`);
  const hovers = await until(`a hover at ${needle} on line ${line + 1}`, async () => {
    const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, col + 1));
    return h && h.length ? h : undefined;
  });
  return hovers.flatMap(h => h.contents.map(c => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value))).join('\n');
}

export async function symbols(doc: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
  return until('document symbols', async () => {
    const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    return s && s.length ? s : undefined;
  });
}

export async function diagnostics(doc: vscode.TextDocument, atLeast = 1): Promise<vscode.Diagnostic[]> {
  return until(`${atLeast}+ problems for ${doc.uri.path}`, () => {
    const d = vscode.languages.getDiagnostics(doc.uri);
    return d.length >= atLeast ? d : undefined;
  });
}
