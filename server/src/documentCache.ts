/** The parsed model of each open document, keyed by uri + version: features never re-parse. */
import type { SmtpDocument, SmtpLanguageService } from './core/smtpLanguageService';

interface Entry { version: number; languageId: string; doc: SmtpDocument }

export class DocumentCache {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly service: SmtpLanguageService, private readonly onParsed: (uri: string, doc: SmtpDocument) => void) {}

  get(uri: string, version: number, languageId: string, text: () => string): SmtpDocument {
    const e = this.entries.get(uri);
    if (e && e.version === version && e.languageId === languageId) return e.doc;
    const doc = this.service.parse(text(), languageId);
    this.entries.set(uri, { version, languageId, doc });
    this.onParsed(uri, doc);
    return doc;
  }

  delete(uri: string): void { this.entries.delete(uri); }
  clear(): void { this.entries.clear(); }
}
