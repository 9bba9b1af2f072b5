/**
 * EHLO keywords: the extensions a server lists in its reply to EHLO, with what each means for the
 * mail that follows. Used to explain the 250 reply to EHLO.
 */
import { SRC } from './common';

export interface ExtensionEntry {
  keyword: string;
  meaning: string;
  sources: string[];
}

const ms = 'Microsoft [MS-OXSMTP] SMTP Protocol Extensions https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-oxsmtp/';

export const EXTENSIONS: readonly ExtensionEntry[] = [
  { keyword: 'SIZE', meaning: 'the largest message the server accepts, in bytes (0 or no number: no fixed limit)', sources: [SRC.rfc1870('4')] },
  { keyword: 'PIPELINING', meaning: 'the client may send MAIL, RCPT and DATA without waiting for each reply', sources: [SRC.rfc2920('3')] },
  { keyword: '8BITMIME', meaning: '8-bit message bodies are accepted (BODY=8BITMIME)', sources: [SRC.rfc1652('2')] },
  { keyword: 'BINARYMIME', meaning: 'binary bodies are accepted, sent with BDAT', sources: [SRC.rfc3030('3')] },
  { keyword: 'CHUNKING', meaning: 'the message may be sent in BDAT chunks instead of DATA', sources: [SRC.rfc3030('2')] },
  { keyword: 'DSN', meaning: 'delivery status notifications can be requested per recipient (NOTIFY=, RET=, ENVID=)', sources: [SRC.rfc3461('4')] },
  { keyword: 'ENHANCEDSTATUSCODES', meaning: 'replies carry enhanced status codes such as 5.1.1', sources: [SRC.rfc2034('4')] },
  { keyword: 'STARTTLS', meaning: 'the session can be encrypted with STARTTLS', sources: [SRC.rfc3207('4')] },
  { keyword: 'AUTH', meaning: 'SMTP authentication with the mechanisms listed', sources: [SRC.rfc4954('3')] },
  { keyword: 'SMTPUTF8', meaning: 'internationalised (UTF-8) addresses and headers are accepted', sources: [SRC.rfc6531('3.1')] },
  { keyword: 'REQUIRETLS', meaning: 'the server honours the REQUIRETLS option (TLS required on every hop)', sources: [SRC.rfc8689('4')] },
  { keyword: 'MT-PRIORITY', meaning: 'message transfer priorities are supported', sources: [SRC.rfc6710('3')] },
  { keyword: 'DELIVERBY', meaning: 'the client may give a deliver-by time', sources: [SRC.rfc2852('4')] },
  { keyword: 'FUTURERELEASE', meaning: 'messages may be held for release at a later time', sources: [SRC.rfc4865('3')] },
  { keyword: 'RRVS', meaning: 'Require-Recipient-Valid-Since checks are supported', sources: [SRC.rfc7293('3')] },
  { keyword: 'LIMITS', meaning: 'the server announces its limits (RCPTMAX, MAILMAX ...)', sources: ['RFC 9422 (SMTP LIMITS extension) https://www.rfc-editor.org/rfc/rfc9422'] },
  { keyword: 'PRDR', meaning: 'per-recipient verdicts after the data', sources: ['Internet-Draft draft-hall-prdr-00 https://datatracker.ietf.org/doc/html/draft-hall-prdr-00'] },
  { keyword: 'BURL', meaning: 'the message can be fetched from an IMAP URL', sources: [SRC.rfc4468('3')] },
  { keyword: 'ETRN', meaning: 'remote queue start for a domain', sources: [SRC.rfc1985('5')] },
  { keyword: 'ATRN', meaning: 'on-demand mail relay', sources: [SRC.rfc2645('5')] },
  { keyword: 'VRFY', meaning: 'address verification is offered', sources: [SRC.rfc5321('3.5')] },
  { keyword: 'EXPN', meaning: 'mailing-list expansion is offered', sources: [SRC.rfc5321('3.5')] },
  { keyword: 'HELP', meaning: 'help text is offered', sources: [SRC.rfc5321('4.1.1.8')] },
  { keyword: 'TURN', meaning: 'the obsolete TURN role reversal is offered (a security risk)', sources: [SRC.rfc5321('4.1.1')] },
  { keyword: 'X-EXPS', meaning: 'Exchange Server authentication (the server is Exchange)', sources: [ms] },
  { keyword: 'XEXCH50', meaning: 'Exchange 2000-2010 property transfer (the server is Exchange)', sources: [ms] },
  { keyword: 'X-ANONYMOUSTLS', meaning: 'Exchange anonymous TLS between Exchange servers', sources: [ms] },
  { keyword: 'XRDST', meaning: 'Exchange redirect to another server', sources: [ms] },
  { keyword: 'XSHADOW', meaning: 'Exchange shadow redundancy', sources: [ms] },
  { keyword: 'XSHADOWREQUEST', meaning: 'Exchange shadow redundancy', sources: [ms] },
  { keyword: 'X-LINK2STATE', meaning: 'Exchange 2000/2003 link-state routing', sources: [ms] },
  { keyword: 'XLINK2STATE', meaning: 'Exchange 2000/2003 link-state routing', sources: [ms] },
  { keyword: 'XOORG', meaning: 'Exchange Online originating organisation', sources: [ms] },
  { keyword: 'XCLIENT', meaning: 'postfix: trusted proxies may pass on the original client', sources: ['Postfix XCLIENT_README https://www.postfix.org/XCLIENT_README.html'] },
  { keyword: 'XFORWARD', meaning: 'postfix: content filters may pass on the original client', sources: ['Postfix XFORWARD_README https://www.postfix.org/XFORWARD_README.html'] },
];

const byKeyword = new Map(EXTENSIONS.map(e => [e.keyword, e]));

export interface OfferedExtension { keyword: string; args: string; meaning: string }

/**
 * The extensions named in an EHLO reply text ("mx.example.net Hello [192.0.2.1] SIZE 35882577
 * PIPELINING AUTH LOGIN PLAIN STARTTLS"), in order, with their arguments. Bounded: at most 64 words.
 */
export function extensionsIn(text: string): OfferedExtension[] {
  const words = text.split(/\s+/, 64);
  const out: OfferedExtension[] = [];
  for (const w of words) {
    const key = w.toUpperCase().replace(/=.*$/, '');
    const e = byKeyword.get(key);
    if (e) { out.push({ keyword: e.keyword, args: w.includes('=') ? w.slice(w.indexOf('=') + 1) : '', meaning: e.meaning }); continue; }
    // arguments of the previous keyword (SIZE 35882577, AUTH LOGIN PLAIN)
    const last = out[out.length - 1];
    if (last && /^[A-Z0-9][A-Z0-9_-]{0,30}$/i.test(w) && (last.keyword === 'AUTH' || last.keyword === 'SIZE' || last.keyword === 'LIMITS' || last.keyword === 'MT-PRIORITY' || last.keyword === 'DELIVERBY' || last.keyword === 'FUTURERELEASE')) {
      last.args = last.args ? `${last.args} ${w}` : w;
    }
  }
  return out;
}
