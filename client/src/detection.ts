/**
 * Content sniffing (DESIGN.md section 3, layer 2): a `.log`, `.txt`, `.eml`, `.csv` (an Exchange message
 * trace export; only while no CSV extension claims it) or untitled document whose
 * first lines are an SMTP log or a bounce switches to smtp-log / smtp-ndr. The decision itself is the
 * core's (sniffLanguage); this file only decides which documents to look at and when: when a document
 * opens, and again after edits to its first lines while it is still Plain Text / Log (a transcript
 * pasted into an untitled editor, which is empty when it opens). It never overrides the user's own
 * files.associations, nor a language the user picked for the document.
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

/** Quiet time after the last edit before the head is sniffed again (a paste arrives as one change; typing as many). */
const CHANGE_DEBOUNCE_MS = 300;
/** Lines at the top whose edits can change the verdict: edits further down never re-sniff. */
const HEAD_LINES = 400;

/** `sniffer` loads the core's sniffer: only when a document worth sniffing is opened or edited (not at activation) */
export function registerDetection(context: vscode.ExtensionContext, sniffer: () => (head: string) => SniffedLanguage | undefined): void {
  /** the language each open document had when last seen, to tell our switches from the user's */
  const seen = new Map<string, string>();
  /** the language this file last switched a document to */
  const ours = new Map<string, string>();
  /** documents whose language the user picked: never switched again */
  const chosen = new Set<string>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** closed documents, forgotten unless they reopen at once (a language change) */
  const forget = new Map<string, ReturnType<typeof setTimeout>>();
  const check = (doc: vscode.TextDocument) => {
    const key = doc.uri.toString();
    if (chosen.has(key)) return;
    // remembered before the switch: the reopen with the new language comes before the switch resolves
    void maybeSwitch(doc, sniffer, lang => ours.set(key, lang)).catch(() => undefined);
  };
  context.subscriptions.push(
    // a language change closes and reopens the document with its new language id
    vscode.workspace.onDidOpenTextDocument(doc => {
      const key = doc.uri.toString();
      const gone = forget.get(key);
      if (gone) { clearTimeout(gone); forget.delete(key); }
      const before = seen.get(key);
      seen.set(key, doc.languageId);
      // the user undid our switch (SMTP Log -> Plain Text) or picked a language other than a candidate
      if (before !== undefined && before !== doc.languageId && ours.get(key) !== doc.languageId
        && (ours.get(key) === before || !CANDIDATE_LANGUAGES.has(doc.languageId))) chosen.add(key);
      check(doc);
    }),
    // an untitled editor is empty when it opens: a transcript pasted into it is sniffed after the paste
    vscode.workspace.onDidChangeTextDocument(e => {
      const doc = e.document;
      const key = doc.uri.toString();
      if (chosen.has(key) || !CANDIDATE_LANGUAGES.has(doc.languageId) || e.contentChanges.length === 0) return;
      // only edits to the head of an untitled or still small document (a file being edited is not re-judged)
      if (doc.uri.scheme !== 'untitled' && doc.lineCount > HEAD_LINES) return;
      if (!e.contentChanges.some(c => c.range.start.line < HEAD_LINES)) return;
      const t = timers.get(key);
      if (t) clearTimeout(t);
      timers.set(key, setTimeout(() => { timers.delete(key); if (!doc.isClosed) check(doc); }, CHANGE_DEBOUNCE_MS));
    }),
    vscode.workspace.onDidCloseTextDocument(doc => {
      const key = doc.uri.toString();
      const t = timers.get(key);
      if (t) { clearTimeout(t); timers.delete(key); }
      // a language change closes and reopens the document in the same tick: only a document still closed
      // after it is gone, and a new one with the same URI (the next "Untitled-1") starts afresh
      forget.set(key, setTimeout(() => { forget.delete(key); seen.delete(key); ours.delete(key); chosen.delete(key); }, 0));
    }),
    { dispose: () => { for (const t of [...timers.values(), ...forget.values()]) clearTimeout(t); timers.clear(); forget.clear(); } },
  );
  for (const doc of vscode.workspace.textDocuments) { seen.set(doc.uri.toString(), doc.languageId); check(doc); }
}

/** The first lines of a document, at most HEAD_CHARS characters (a 100 MB line is not copied whole). */
function headOf(doc: vscode.TextDocument): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; i < doc.lineCount && i <= HEAD_LINES && size < HEAD_CHARS; i++) {
    const t = doc.lineAt(i).text;
    const piece = t.length > HEAD_CHARS - size ? t.slice(0, HEAD_CHARS - size) : t;
    parts.push(piece);
    size += piece.length + 1;
  }
  return parts.join('\n');
}

/** Switches the document's language when its head is clearly an SMTP log or a bounce (`switching` is told first). */
async function maybeSwitch(doc: vscode.TextDocument, sniffer: () => (head: string) => SniffedLanguage | undefined, switching: (lang: string) => void): Promise<string | undefined> {
  if (!config.sniffContent()) return undefined;
  if (!CANDIDATE_LANGUAGES.has(doc.languageId)) return undefined;
  if (!CANDIDATE_SCHEMES.has(doc.uri.scheme)) return undefined;
  const base = baseName(doc.uri);
  if (doc.uri.scheme !== 'untitled' && !CANDIDATE_EXTENSIONS.has(extName(base)) && !/\.log\.\d+$/i.test(base)) return undefined;
  if (userAssociated(doc)) return undefined;
  const lang = sniffer()(headOf(doc));
  if (!lang || lang === doc.languageId) return undefined;
  switching(lang);
  await vscode.languages.setTextDocumentLanguage(doc, lang);
  return lang;
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
