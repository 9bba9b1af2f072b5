/**
 * What a session says about its security, where the log writes it: the TLS version and cipher, the
 * authentication (mechanism, user), and the SPF / DKIM / DMARC verdicts of the filters that log beside
 * the MTA. Each fact keeps the line it comes from, so the outline, the hover and the records name the
 * same line. Read from the lines of one session, on demand; every pattern is bounded and linear.
 *
 * Where the formats write it (documented formats, our fixtures):
 *  - postfix: `Anonymous|Untrusted|Trusted|Verified TLS connection established from|to host[ip]: TLSv1.3
 *    with cipher ...`, `client=..., sasl_method=PLAIN, sasl_username=...`, `SASL LOGIN authentication
 *    failed`, the `auth=1` / `auth=0/1` counter of `disconnect from`; beside it opendkim (`DKIM
 *    verification successful`, `DKIM-Signature field added (s=, d=)`, `bad signature data`), opendmarc
 *    (`QUEUEID: example.com pass`) and policyd-spf (`Received-SPF: Pass (mailfrom) identity=...`);
 *  - exim: `X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes` and `A=authenticator:user` on the arrival (`<=`) line;
 *  - sendmail: `STARTTLS=server, relay=..., version=TLSv1.3, verify=NO, cipher=...`, `AUTH=server,
 *    relay=..., authid=user, mech=PLAIN`;
 *  - Exchange protocol logs: `TLS protocol SP_PROT_TLS1_2_SERVER negotiation succeeded using bulk
 *    encryption algorithm CALG_AES_256 ...`, `X-ANONYMOUSTLS` answered 220;
 *  - transcripts (swaks and the like): `=== TLS started with cipher TLSv1.3:...`, STARTTLS answered 220,
 *    AUTH answered 235 (or refused with 535);
 *  - any line that carries an `Authentication-Results:` header (spf=, dkim=, dmarc=).
 * An offered STARTTLS (in an EHLO reply) is not TLS in use: only a started one counts.
 */
import { LineKind } from '../scanner/tokens';
import { type LogModel, lineText } from './model';
import { commandText, commandVerb } from './queries';

export interface TlsFact { line: number; version?: string; cipher?: string; /** anonymous, certificate verified ... */ note?: string }
export interface AuthFact { line: number; mechanism?: string; user?: string; failed?: boolean }
export interface VerdictFact { line: number; result: string; domain?: string }

export interface SessionSecurity {
  tls?: TlsFact;
  auth?: AuthFact;
  spf?: VerdictFact;
  dkim?: VerdictFact;
  dmarc?: VerdictFact;
}

/** Cheap test before the patterns: a line that names none of these says nothing about security. */
const MAYBE = /TLS|SSL|sasl_|\bA=|AUTH|auth=|authentication|SPF|DKIM|opendmarc|dmarc=/i;

const POSTFIX_TLS = /\b(?:(Anonymous|Untrusted|Trusted|Verified) )?TLS connection established (?:from|to) [^\s:]{1,300}(?::\d{1,5})?: (\S{1,20}) with cipher (\S{1,80})/;
/** exim's arrival line (`<=`): its X= and A= say how the message came in (on `=>` they describe the delivery) */
const EXIM_ARRIVAL = /\b[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4} <= /;
const EXIM_TLS = /\sX=((?:TLS|SSL)v?[\d.]{1,5}):([^\s:]{1,80})(?::\d{1,5})?(?:\s+CV=(yes|no|dane))?/;
const SENDMAIL_TLS = /\bSTARTTLS=(server|client), relay=[^,]{0,300}, version=(\S{1,20}), verify=(\w{1,20}), cipher=([^,\s]{1,80})/;
const EXCHANGE_TLS = /\bTLS protocol SP_PROT_(TLS1_[0-3]|SSL3)\w{0,20} negotiation succeeded using bulk encryption algorithm (\w{1,40})/;
const STARTED_TLS = /\bTLS started with cipher ((?:TLS|SSL)v?[\d.]{1,5}):([^\s:]{1,80})/;

const POSTFIX_SASL = /\bsasl_method=([\w-]{1,30})(?:, sasl_username=([^,\s]{1,320}))?/;
const POSTFIX_SASL_FAIL = /\bSASL ([\w-]{1,30}) authentication failed/;
const POSTFIX_AUTH_COUNT = /\bdisconnect from .{0,300}? auth=(\d{1,6})(?:\/(\d{1,6}))?/;
const EXIM_AUTH = /\sA=([\w-]{1,40})(?::(\S{1,320}))?/;
const SENDMAIL_AUTH = /\bAUTH=(?:server|client), relay=[^,]{0,300}, authid=([^,\s]{1,320}), mech=([\w-]{1,30})/;

const SPF = /\bReceived-SPF: (\w{1,20})\b(?:.{0,300}?\benvelope-from=<?[^@;\s>]{0,64}@([\w.-]{1,253}))?/;
const DKIM_PASS = /\bDKIM verification successful\b/;
const DKIM_FAIL = /\b(?:bad signature data|DKIM verification failed|signature verification failed|bad RSA signature)\b/i;
const DKIM_SIGNED = /\bDKIM-Signature (?:field|header) added \(s=[^,\s]{1,64}, d=([\w.-]{1,253})\)/;
const DKIM_DOMAIN = /\bs=\S{1,64} d=([\w.-]{1,253}) SSL\b/;
const OPENDMARC = /\bopendmarc(?:\[\d{1,10}\])?: [0-9A-Za-z]{5,24}: ([A-Za-z0-9.-]{1,253}) (pass|fail|none|bestguesspass|temperror|permerror)\b/;
const AR = /\bAuthentication-Results:/i;
const AR_SPF = /\bspf=(\w{1,20})(?:[^;]{0,300}?\bsmtp\.mailfrom=(?:[^@;\s]{0,64}@)?([\w.-]{1,253}))?/i;
const AR_DKIM = /\bdkim=(\w{1,20})(?:[^;]{0,300}?\bheader\.d=([\w.-]{1,253}))?/i;
const AR_DMARC = /\bdmarc=(\w{1,20})(?:[^;]{0,300}?\bheader\.from=([\w.-]{1,253}))?/i;

/** "TLS1.3", "SP_PROT_TLS1_2" part "TLS1_2" -> "TLSv1.3", "TLSv1.2"; others as written. */
function tlsVersion(v: string): string {
  const m = /^(TLS|SSL)v?(\d)[._]?(\d)?$/i.exec(v);
  return m ? `${m[1].toUpperCase()}v${m[2]}${m[3] !== undefined ? '.' + m[3] : ''}` : v;
}

/** The facts one line gives (tls / auth / verdicts), or undefined when it gives none. */
export function securityOfLine(line: string, l: number): SessionSecurity | undefined {
  const t = line.length > 2000 ? line.slice(0, 2000) : line;
  if (!MAYBE.test(t)) return undefined;
  const out: SessionSecurity = {};
  let m: RegExpExecArray | null;
  if ((m = POSTFIX_TLS.exec(t))) out.tls = { line: l, version: tlsVersion(m[2]), cipher: m[3], note: m[1]?.toLowerCase() };
  // X= first: it fails fast where the arrival pattern scans the whole line
  else if ((m = EXIM_TLS.exec(t)) && EXIM_ARRIVAL.test(t)) out.tls = { line: l, version: tlsVersion(m[1]), cipher: m[2], note: m[3] === 'yes' ? 'certificate verified' : m[3] === 'no' ? 'certificate not verified' : m[3] === 'dane' ? 'DANE verified' : undefined };
  else if ((m = SENDMAIL_TLS.exec(t))) out.tls = { line: l, version: tlsVersion(m[2]), cipher: m[4], note: `${m[1]}, verify=${m[3]}` };
  else if ((m = EXCHANGE_TLS.exec(t))) out.tls = { line: l, version: tlsVersion(m[1]), cipher: m[2] };
  else if ((m = STARTED_TLS.exec(t))) out.tls = { line: l, version: tlsVersion(m[1]), cipher: m[2] };

  if ((m = POSTFIX_SASL.exec(t))) out.auth = { line: l, mechanism: m[1], user: m[2] };
  else if ((m = SENDMAIL_AUTH.exec(t))) out.auth = { line: l, mechanism: m[2], user: m[1] };
  else if ((m = POSTFIX_SASL_FAIL.exec(t))) out.auth = { line: l, mechanism: m[1], failed: true };
  else if ((m = POSTFIX_AUTH_COUNT.exec(t))) {
    const ok = Number(m[1]), tried = m[2] !== undefined ? Number(m[2]) : ok;
    if (ok > 0) out.auth = { line: l };
    else if (tried > 0) out.auth = { line: l, failed: true };
  } else if ((m = EXIM_AUTH.exec(t)) && EXIM_ARRIVAL.test(t)) out.auth = { line: l, mechanism: m[1], user: m[2] };

  if ((m = SPF.exec(t))) out.spf = { line: l, result: m[1].toLowerCase(), domain: m[2] };
  if (DKIM_PASS.test(t)) out.dkim = { line: l, result: 'pass', domain: DKIM_DOMAIN.exec(t)?.[1] };
  else if (DKIM_FAIL.test(t)) out.dkim = { line: l, result: 'fail' };
  else if ((m = DKIM_SIGNED.exec(t))) out.dkim = { line: l, result: 'signed', domain: m[1] };
  // "s=sel d=example.com SSL": the signature opendkim is checking (its domain; the verdict is on the next line)
  else if ((m = DKIM_DOMAIN.exec(t))) out.dkim = { line: l, result: '', domain: m[1] };
  if ((m = OPENDMARC.exec(t))) out.dmarc = { line: l, result: m[2], domain: m[1] };
  if (AR.test(t)) {
    if (!out.spf && (m = AR_SPF.exec(t))) out.spf = { line: l, result: m[1].toLowerCase(), domain: m[2] };
    if (!out.dkim && (m = AR_DKIM.exec(t))) out.dkim = { line: l, result: m[1].toLowerCase(), domain: m[2] };
    if (!out.dmarc && (m = AR_DMARC.exec(t))) out.dmarc = { line: l, result: m[1].toLowerCase(), domain: m[2] };
  }
  return out.tls || out.auth || out.spf || out.dkim || out.dmarc ? out : undefined;
}

/**
 * The security facts of session `s` (its lines in order, or found in the model): the first TLS
 * handshake, the first successful authentication (else the first failed one), the first verdict of
 * each filter. Transcripts: STARTTLS (or X-ANONYMOUSTLS) answered 220 is TLS, AUTH answered 235 an
 * authentication, AUTH answered 5xx a failed one.
 */
export function sessionSecurity(m: LogModel, s: number, lines?: readonly number[]): SessionSecurity {
  if (!lines) { const ls: number[] = []; for (let l = m.sessions.first[s]; l <= m.sessions.last[s]; l++) if (m.session[l] === s) ls.push(l); lines = ls; }
  const out: SessionSecurity = {};
  for (const l of lines) {
    const k = m.kind[l];
    if (k === LineKind.Blank) continue;
    if (k === LineKind.Command && m.pair[l] >= 0 && (!out.tls || !out.auth || out.auth.failed)) {
      const verb = commandVerb(m, l);
      const code = m.code[m.pair[l]];
      if ((verb === 'STARTTLS' || verb === 'X-ANONYMOUSTLS') && code === 220 && !out.tls) {
        out.tls = { line: l, note: verb === 'X-ANONYMOUSTLS' ? 'X-AnonymousTLS: between Exchange servers, without a certificate check' : undefined };
      } else if (verb === 'AUTH' && (code === 235 || code >= 500) && (!out.auth || (out.auth.failed && code === 235))) {
        const mech = commandText(m, l).split(/\s+/)[1];
        out.auth = { line: l, mechanism: mech ? mech.toUpperCase() : undefined, failed: code !== 235 };
      }
    }
    const f = securityOfLine(lineText(m, l), l);
    if (!f) continue;
    // a handshake line says more than the STARTTLS command before it (version, cipher)
    if (f.tls && (!out.tls || (!out.tls.version && out.tls.line < l))) out.tls = { ...f.tls, note: f.tls.note ?? out.tls?.note };
    if (f.auth && (!out.auth || (out.auth.failed && !f.auth.failed) || (!out.auth.mechanism && f.auth.mechanism && !f.auth.failed))) out.auth = f.auth;
    if (f.spf && !out.spf) out.spf = f.spf;
    if (f.dkim) {
      if (!out.dkim || !out.dkim.result) out.dkim = { ...f.dkim, domain: f.dkim.domain ?? out.dkim?.domain };
      else if (!out.dkim.domain && f.dkim.domain) out.dkim.domain = f.dkim.domain;
    }
    if (f.dmarc && !out.dmarc) out.dmarc = f.dmarc;
  }
  if (out.dkim && !out.dkim.result) delete out.dkim; // a signature seen, no verdict logged
  return out;
}

/** "TLSv1.3 (TLS_AES_256_GCM_SHA384)", "AUTH PLAIN as bob", "SPF pass", ... for an outline detail. */
export function securitySummary(sec: SessionSecurity): string[] {
  const out: string[] = [];
  if (sec.tls) out.push(sec.tls.version ? `${sec.tls.version}${sec.tls.cipher ? ` (${sec.tls.cipher})` : ''}` : 'TLS');
  if (sec.auth) out.push(`${sec.auth.failed ? 'AUTH failed' : 'AUTH'}${sec.auth.mechanism ? ' ' + sec.auth.mechanism : ''}${sec.auth.user ? ` as ${sec.auth.user}` : ''}`);
  if (sec.spf) out.push(`SPF ${sec.spf.result}`);
  if (sec.dkim) out.push(`DKIM ${sec.dkim.result}${sec.dkim.domain ? ` (${sec.dkim.domain})` : ''}`);
  if (sec.dmarc) out.push(`DMARC ${sec.dmarc.result}`);
  return out;
}

/** The lines a session's facts come from (the hover shows the facts there). */
export function securityLines(sec: SessionSecurity): number[] {
  return [sec.tls?.line, sec.auth?.line, sec.spf?.line, sec.dkim?.line, sec.dmarc?.line].filter((x): x is number => x !== undefined);
}
