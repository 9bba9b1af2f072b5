/**
 * Content sniffing (DESIGN.md section 3, layer 2): a `.log`, `.txt`, `.eml`, `.csv` (an Exchange message
 * trace export; only while no CSV extension claims it) or untitled document whose
 * first lines are an SMTP log or a bounce switches to smtp-log / smtp-ndr. The decision itself is the
 * core's (sniffLanguage); this file only decides which documents to look at and never overrides the
 * user's own files.associations.
 */
import * as vscode from 'vscode';
import type { SniffedLanguage } from '../../server/src/core/detect/sniff';
import { config } from './config';

const CANDIDATE_LANGUAGES = new Set(['plaintext', 'log', 'properties', 'ini', 'email', 'eml']);
const CANDIDATE_EXTENSIONS = new Set(['.log', '.txt', '.eml', '.msg', '.text', '.csv', '']);
/** documents a user opened (desktop, remote, github.dev / vscode.dev), not git diffs or output channels */
const CANDIDATE_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata', 'vscode-test-web']);
const HEAD_CHARS = 64 * 1024;

/** The file name of a uri (its path's last segment; no `path` module: this runs in the browser too). */
function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** ".log" of "a.b.log"; "" when there is no dot after the first character. */
function extName(base: string): string {
  const i = base.lastIndexOf('.');
  return i > 0 ? base.slice(i).toLowerCase() : '';
}

/** `sniffer` loads the core's sniffer: only when a document worth sniffing is opened (not at activation) */
export function registerDetection(context: vscode.ExtensionContext, sniffer: () => (head: string) => SniffedLanguage | undefined): void {
  const check = (doc: vscode.TextDocument) => { void maybeSwitch(doc, sniffer); };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check));
  for (const doc of vscode.workspace.textDocuments) check(doc);
}

async function maybeSwitch(doc: vscode.TextDocument, sniffer: () => (head: string) => SniffedLanguage | undefined): Promise<void> {
  if (!config.sniffContent()) return;
  if (!CANDIDATE_LANGUAGES.has(doc.languageId)) return;
  if (!CANDIDATE_SCHEMES.has(doc.uri.scheme)) return;
  const base = baseName(doc.uri);
  if (doc.uri.scheme !== 'untitled' && !CANDIDATE_EXTENSIONS.has(extName(base)) && !/\.log\.\d+$/i.test(base)) return;
  if (userAssociated(doc)) return;
  const lastLine = Math.min(doc.lineCount - 1, 400);
  const head = doc.getText(new vscode.Range(0, 0, lastLine, doc.lineAt(lastLine).text.length)).slice(0, HEAD_CHARS);
  const lang = sniffer()(head);
  if (lang && lang !== doc.languageId) await vscode.languages.setTextDocumentLanguage(doc, lang);
}

/** True when files.associations names this file explicitly: the user's choice wins. */
function userAssociated(doc: vscode.TextDocument): boolean {
  const assoc = vscode.workspace.getConfiguration('files').get<Record<string, string>>('associations') ?? {};
  const base = baseName(doc.uri).toLowerCase();
  const full = doc.uri.path.toLowerCase();
  for (const [pattern, lang] of Object.entries(assoc)) {
    const p = pattern.toLowerCase().replace(/^\*\*\//, '');
    const re = new RegExp('^' + p.split('*').map(x => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    if ((re.test(base) || re.test(full) || re.test(doc.fileName.toLowerCase())) && lang === doc.languageId) return true;
  }
  return false;
}
