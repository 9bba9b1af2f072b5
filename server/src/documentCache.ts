/**
 * The parsed model of each open document, keyed by uri + version: features never re-parse, and a
 * document that grew by whole lines at its end is parsed from the previous version's end.
 */
import type { SmtpDocument, SmtpLanguageService } from './core/smtpLanguageService';

interface Entry { version: number; languageId: string; doc: SmtpDocument }

export class DocumentCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly service: SmtpLanguageService, private readonly onParsed: (uri: string, doc: SmtpDocument) => void) {}

  get(uri: string, version: number, languageId: string, text: () => string): SmtpDocument {
    const e = this.entries.get(uri);
    if (e && e.version === version && e.languageId === languageId) return e.doc;
    // a log that grew at its end is parsed on from where the previous version's parse ended
    const previous = e && e.version < version && e.languageId === languageId && languageId === 'smtp-log' ? e.doc.log : undefined;
    const doc = this.service.parse(text(), languageId, previous ? { previous } : undefined);
    this.entries.set(uri, { version, languageId, doc });
    this.onParsed(uri, doc);
    return doc;
  }

  delete(uri: string): void { this.entries.delete(uri); }
  clear(): void { this.entries.clear(); }
}
