/**
 * Content sniffing (DESIGN.md section 3, layer 2): a `.log`, `.txt`, `.eml` or untitled document whose
 * first lines are an SMTP log or a bounce switches to smtp-log / smtp-ndr. The decision itself is the
 * core's (sniffLanguage); this file only decides which documents to look at and never overrides the
 * user's own files.associations.
 */
import * as vscode from 'vscode';
import * as path from 'path';
import { sniffLanguage } from '../../server/src/core/detect/sniff';
import { config } from './config';

const CANDIDATE_LANGUAGES = new Set(['plaintext', 'log', 'properties', 'ini', 'email', 'eml']);
const CANDIDATE_EXTENSIONS = new Set(['.log', '.txt', '.eml', '.msg', '.text', '']);
const HEAD_CHARS = 64 * 1024;

export function registerDetection(context: vscode.ExtensionContext): void {
  const check = (doc: vscode.TextDocument) => { void maybeSwitch(doc); };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check));
  for (const doc of vscode.workspace.textDocuments) check(doc);
}

async function maybeSwitch(doc: vscode.TextDocument): Promise<void> {
  if (!config.sniffContent()) return;
  if (!CANDIDATE_LANGUAGES.has(doc.languageId)) return;
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled' && doc.uri.scheme !== 'vscode-remote') return;
  const ext = path.extname(doc.fileName).toLowerCase();
  if (doc.uri.scheme !== 'untitled' && !CANDIDATE_EXTENSIONS.has(ext) && !/\.log\.\d+$/i.test(doc.fileName)) return;
  if (userAssociated(doc)) return;
  const lastLine = Math.min(doc.lineCount - 1, 400);
  const head = doc.getText(new vscode.Range(0, 0, lastLine, doc.lineAt(lastLine).text.length)).slice(0, HEAD_CHARS);
  const lang = sniffLanguage(head);
  if (lang && lang !== doc.languageId) await vscode.languages.setTextDocumentLanguage(doc, lang);
}

/** True when files.associations names this file explicitly: the user's choice wins. */
function userAssociated(doc: vscode.TextDocument): boolean {
  const assoc = vscode.workspace.getConfiguration('files').get<Record<string, string>>('associations') ?? {};
  const base = path.basename(doc.fileName).toLowerCase();
  for (const [pattern, lang] of Object.entries(assoc)) {
    const p = pattern.toLowerCase().replace(/^\*\*\//, '');
    const re = new RegExp('^' + p.split('*').map(x => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    if ((re.test(base) || re.test(doc.fileName.toLowerCase())) && lang === doc.languageId) return true;
  }
  return false;
}
