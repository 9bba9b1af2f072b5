// Source of syntaxes/smtp-log.tmLanguage.json (the TextMate grammar of the `smtp-log` language).
//
//   node scripts/grammar/smtp-log.grammar.mjs          rewrites the JSON
//   node scripts/grammar/smtp-log.grammar.mjs --check  exits 1 when the JSON is not what this file makes
//
// The grammar is written here rather than in the JSON because its regular expressions are built from
// shared pieces (timestamps, verbs, reply codes by class) and are easier to read without JSON escaping.
//
// Rules of this grammar (checked by test/grammar):
// - every rule is anchored at the start of a line (`^`) or at the end of the previous match (`\G`), or is
//   a short token pattern inside a line; nothing can backtrack badly (no nested quantifiers; the long runs
//   use possessive quantifiers or are bounded by a character class that cannot overlap what follows);
// - every scope name ends in `.smtp-log`;
// - direction is in the scope name: what the server that wrote the log received (`<<<`, `<`, `<-`, `S:` ...)
//   is `keyword.control.direction.received`, what it sent (`>>>`, `>`, `->`, `C:` ...) is
//   `storage.type.direction.sent`: two base scopes that themes colour differently;
// - reply codes and enhanced status codes are coloured by class: 2xx `constant.numeric`, 3xx
//   `constant.language`, 4xx `markup.deleted` (the built-in log grammar's warning colour), 5xx
//   `invalid.illegal` (its error colour).
import { writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const S = '.smtp-log';
const sc = (name) => name.split(' ').map(n => n + S).join(' ');

// ---------------------------------------------------------------- shared pieces
const TS_EX55 = String.raw`\d{1,2}/\d{1,2}/\d{2,4} \d{1,2}:\d{2}:\d{2}(?: ?[AaPp][Mm])?`;
const TS_ISO = String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?`;
const TS_ISOZ = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z`;
const TS_BSD = String.raw`[A-Z][a-z]{2} {1,2}\d{1,2} (?:\d{4} )?\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?`;
const VERBS = [
  'HELO', 'EHLO', 'LHLO', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'RSET', 'VRFY', 'EXPN', 'HELP', 'NOOP', 'QUIT',
  'STARTTLS', 'AUTH', 'TURN', 'ETRN', 'ATRN', 'XEXCH50', 'X-EXPS', 'X-ANONYMOUSTLS', 'X-LINK2STATE',
  'XCLIENT', 'XFORWARD', 'XSHADOW', 'XPROXY', 'XPROXYFROM', 'XPROXYTO', 'XSESSIONPARAMS', 'XOORG',
  'XRSETPROXYTO', 'XRDST', 'SAML', 'SEND', 'SOML', 'XTLS',
].sort((a, b) => b.length - a.length);
const VERB = `(?i:${VERBS.map(v => v.replace(/-/g, '\\-')).join('|')})(?![\\w-])`;
const CLASSES = [
  { digit: '2', cls: 'success', base: 'constant.numeric' },
  { digit: '3', cls: 'intermediate', base: 'constant.language' },
  { digit: '4', cls: 'transient', base: 'markup.deleted' },
  { digit: '5', cls: 'permanent', base: 'invalid.illegal' },
];
const RECEIVED = 'keyword.control.direction.received';
const SENT = 'storage.type.direction.sent';
const TIMESTAMP = 'comment.timestamp';

// ---------------------------------------------------------------- repository
const repository = {
  // a reply at \G: "550 5.1.1 text", "250-PIPELINING", "354"; the rest of the line is its text
  'reply-at-start': {
    patterns: CLASSES.map(({ digit, cls, base }) => ({
      begin: String.raw`\G(${digit}\d\d)(?=[ \t-]|$|'|\\r|")`,
      beginCaptures: { 1: { name: sc(`${base}.reply.${cls}`) } },
      end: '(?=$)',
      patterns: [{ include: '#enhanced-at-start' }, { include: '#inline' }],
    })),
  },
  'enhanced-at-start': {
    patterns: CLASSES.filter(c => c.digit !== '3').map(({ digit, cls, base }) => ({
      match: String.raw`\G([ \t-])(${digit}\.\d{1,3}\.\d{1,3})(?!\.?\d)`,
      captures: { 2: { name: sc(`${base}.enhanced.${cls}`) } },
    })),
  },
  // a command at \G: verb, then its arguments (addresses coloured)
  'command-at-start': {
    patterns: [{
      begin: String.raw`\G(${VERB})`,
      beginCaptures: { 1: { name: sc('entity.name.function.verb') } },
      end: '(?=$)',
      patterns: [{ include: '#inline' }],
    }],
  },
  // what follows a direction marker: a reply, an IO echo, or a command
  'payload': {
    patterns: [
      { include: '#reply-at-start' },
      { match: String.raw`\G(IO:)( ?\|)`, captures: { 1: { name: sc('comment.echo') }, 2: { name: sc('comment.echo') } } },
      { include: '#command-at-start' },
      { include: '#inline' },
    ],
  },
  // tokens anywhere inside a line
  'inline': {
    patterns: [
      { match: String.raw`<[^<>\s@"]++@[^<>\s"]++>|<>`, name: sc('string.other.address') },
      { match: String.raw`(?<![\w.+%-])[\w.+%-]++@[\w-]++(?:\.[\w-]++)++`, name: sc('string.other.address') },
      ...CLASSES.filter(c => c.digit !== '3').map(({ digit, cls, base }) => ({
        match: String.raw`(?<![\w.])${digit}\.\d{1,3}\.\d{1,3}(?!\.?\d)`,
        name: sc(`${base}.enhanced.${cls}`),
      })),
    ],
  },
  // free text of syslog-style lines: inline tokens plus replies embedded after ": ", "(", "reject=" ...
  'message': {
    patterns: [
      ...CLASSES.map(({ digit, cls, base }) => ({
        match: String.raw`(?:(?<=: )|(?<=reject=)|(?<=[("']))(${digit}\d\d)(?=[ -]|$|[)"'])`,
        captures: { 1: { name: sc(`${base}.reply.${cls}`) } },
      })),
      { match: String.raw`\b(status|stat)=(sent|Sent|deliverable|delivered)\b`, captures: { 1: { name: sc('variable.parameter.key') }, 2: { name: sc('constant.numeric.status.success') } } },
      { match: String.raw`\b(status|stat)=(deferred|Deferred|softbounce)\b`, captures: { 1: { name: sc('variable.parameter.key') }, 2: { name: sc('markup.deleted.status.transient') } } },
      { match: String.raw`\b(status)=(bounced|expired|undeliverable)\b`, captures: { 1: { name: sc('variable.parameter.key') }, 2: { name: sc('invalid.illegal.status.permanent') } } },
      { match: String.raw`(?<=: )(reject|milter-reject|warning|hold|discard)(?=: )`, name: sc('keyword.other.action') },
      { match: String.raw`\b(connect from|disconnect from|CONNECT from|PASS NEW|PASS OLD|connect to|lost connection after [A-Z.]++ from|SMTP connection from|Connection from)\b`, name: sc('markup.heading.connection') },
      { include: '#inline' },
    ],
  },
  // Exchange 2007+ protocol log rows: received (<) and sent (>) carry a command or a reply in `data`
  'exchange-row-data': {
    patterns: [
      { include: '#reply-at-start' },
      { include: '#command-at-start' },
      { include: '#inline' },
    ],
  },
};

// the data field may be quoted (it has a comma): the quote is part of the prefix so that \G sits on the data
const exchangePrefix = (event) => String.raw`^(${TS_ISOZ}),([^,]*),([0-9A-Fa-f]{8,32}),(\d+),([^,]*),([^,]*),(${event}),("?)`;
const exchangePrefixCaptures = (eventScope) => ({
  1: { name: sc(TIMESTAMP) },
  2: { name: sc('entity.name.type.connector') },
  3: { name: sc('variable.other.session-id') },
  4: { name: sc('constant.other.sequence-number') },
  5: { name: sc('constant.other.endpoint') },
  6: { name: sc('constant.other.endpoint') },
  7: { name: sc(eventScope) },
  8: { name: sc('punctuation.definition.string') },
});

// ---------------------------------------------------------------- line rules (order matters: first match wins)
const patterns = [
  // "#Software: ...", "#Fields: ..." headers (Exchange, IIS) and "#" comment lines
  {
    match: String.raw`^(\x{FEFF}?#)([A-Za-z][\w()-]*:)?(.*)$`,
    name: sc('comment.line.number-sign.header'),
    captures: { 1: { name: sc('punctuation.definition.comment') }, 2: { name: sc('keyword.other.header-name') } },
  },
  // Exchange 2007-2019 SMTP protocol log: date-time,connector-id,session-id,sequence-number,local,remote,event,data,context
  { begin: exchangePrefix('<'), beginCaptures: exchangePrefixCaptures(RECEIVED), end: '$', patterns: [{ include: '#exchange-row-data' }] },
  { begin: exchangePrefix('>'), beginCaptures: exchangePrefixCaptures(SENT), end: '$', patterns: [{ include: '#exchange-row-data' }] },
  { begin: exchangePrefix('[+-]'), beginCaptures: exchangePrefixCaptures('markup.heading.connection'), end: '$', patterns: [{ include: '#inline' }] },
  {
    match: exchangePrefix('\\*') + '(.*)$',
    captures: { ...exchangePrefixCaptures('comment.info'), 9: { name: sc('comment.info') } },
  },
  // other CSV rows with an ISO time (Exchange message tracking): events, recipient statuses, addresses
  {
    begin: String.raw`^(${TS_ISOZ})(?=,)`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) } },
    end: '$',
    patterns: [
      { match: String.raw`(?<=,)(FAIL|DSN|BADMAIL|DROP|POISONMESSAGE|SUBMITFAIL|RESUBMITFAIL|HAREDIRECTFAIL|DELIVERFAIL|MODERATORREJECT|MODERATIONEXPIRE|MODERATORSALLNDR)(?=,)`, name: sc('invalid.illegal.event.failed') },
      { match: String.raw`(?<=,)(DEFER|SUBMITDEFER|RESUBMITDEFER|THROTTLE)(?=,)`, name: sc('markup.deleted.event.deferred') },
      { match: String.raw`(?<=,)(RECEIVE|SEND|SENDEXTERNAL|DELIVER|SUBMIT|EXPAND|RESOLVE|REDIRECT|TRANSFER|HARECEIVE|AGENTINFO|NOTIFYMAPI|NOTIFYSHADOW|HADISCARD|DUPLICATEDELIVER|DUPLICATEEXPAND|DUPLICATEREDIRECT|INITMESSAGECREATED|LOAD|PROCESS|PROCESSMEETINGMESSAGE|RESUBMIT|CLIENTSUBMISSION|SUPPRESSED|HAREDIRECT|MODERATORAPPROVE)(?=,)`, name: sc('keyword.other.event') },
      ...CLASSES.map(({ digit, cls, base }) => ({
        match: String.raw`(?<=[,;"{])(${digit}\d\d)(?=[ -])`,
        captures: { 1: { name: sc(`${base}.reply.${cls}`) } },
      })),
      { include: '#inline' },
    ],
  },
  // IIS SMTP service / Exchange 2000-2003 W3C log, default field set:
  // date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status ...
  {
    begin: String.raw`^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) ([0-9A-Fa-f.:X]+) (\S+) (\S+) (\S+) (\S+) (\d+) (?=\S+ \S+ \S+ \d{1,3} )`,
    beginCaptures: {
      1: { name: sc(TIMESTAMP) }, 2: { name: sc('constant.other.endpoint') }, 3: { name: sc('entity.other.helo') },
      4: { name: sc('entity.name.type.site') }, 6: { name: sc('constant.other.endpoint') },
    },
    end: '$',
    patterns: [
      // 240 on QUIT rows is what the log writes for the session, not an SMTP reply
      { match: String.raw`\G(QUIT) (\S+) (\S+) (240)(?= )`, captures: { 1: { name: sc('entity.name.function.verb') }, 4: { name: sc('comment.other.not-a-reply') } } },
      ...CLASSES.map(({ digit, cls, base }) => ({
        match: String.raw`\G(${VERB}|xxxx|-|[A-Za-z][\w-]*+) (\S+) (\S+) (${digit}\d\d)(?= )`,
        captures: {
          1: { name: sc('entity.name.function.verb') }, 3: { patterns: [{ include: '#inline' }] },
          4: { name: sc(`${base}.reply.${cls}`) },
        },
      })),
      // outbound rows: the remote's reply is in cs-uri-query ("421+4.7.0+Try+again+later")
      { match: String.raw`\G(\S+) (\S+) (\S+) (\d{1,3})(?= )`, captures: { 1: { name: sc('entity.name.function.verb') }, 3: { patterns: [{ include: '#iis-query-reply' }, { include: '#inline' }] } } },
    ],
  },
  // Exchange 5.5/2000/2003 transcript and pasted transcripts: "4/2/01 8:05:42 AM : <<< RCPT TO:<..>", ">>> 550 ..."
  {
    begin: String.raw`^(?:(${TS_EX55})( : ))?[ \t]*(<<<)[ \t]*`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) }, 3: { name: sc(RECEIVED) } },
    end: '$',
    patterns: [{ include: '#payload' }],
  },
  {
    begin: String.raw`^(?:(${TS_EX55})( : ))?[ \t]*(>>>)[ \t]*`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) }, 3: { name: sc(SENT) } },
    end: '$',
    patterns: [{ include: '#payload' }],
  },
  {
    match: String.raw`^(${TS_EX55})( : )((?i:A connection was accepted from|Connecting to|Connected to|The connection was closed|Connection closed)\b.*)$`,
    captures: { 1: { name: sc(TIMESTAMP) }, 3: { name: sc('markup.heading.connection') } },
  },
  {
    begin: String.raw`^(${TS_EX55})( : )`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) } },
    end: '$',
    patterns: [{ include: '#inline' }],
  },
  // syslog: "Nov 24 12:57:28 mx postfix/smtpd[12948]: ..." / RFC 3339 time; postfix, sendmail, exim, others
  {
    begin: String.raw`^(${TS_BSD}|${TS_ISO}) (?:(\S+) )?([\w./-]++)(\[\d+\])?(: )`,
    beginCaptures: {
      1: { name: sc(TIMESTAMP) }, 2: { name: sc('entity.other.host') },
      3: { name: sc('entity.name.type.program') }, 4: { name: sc('variable.other.pid') },
    },
    end: '$',
    patterns: [
      // postfix debug_peer transcript: "< host[ip]:port: EHLO x" (received) / "> host[ip]:port: 250 ..." (sent)
      {
        begin: String.raw`\G(<) ([^\s\[]*+\[[^\]\s]*+\](?::\d+)?)(: )`,
        beginCaptures: { 1: { name: sc(RECEIVED) }, 2: { name: sc('entity.other.host') } },
        end: '(?=$)', patterns: [{ include: '#payload' }],
      },
      {
        begin: String.raw`\G(>) ([^\s\[]*+\[[^\]\s]*+\](?::\d+)?)(: )`,
        beginCaptures: { 1: { name: sc(SENT) }, 2: { name: sc('entity.other.host') } },
        end: '(?=$)', patterns: [{ include: '#payload' }],
      },
      // postfix / sendmail queue id (it has a digit: "connect" is not one), exim message id
      { match: String.raw`\G(?:NOQUEUE|(?=[0-9A-Za-z]{0,23}\d)[0-9A-Za-z]{5,24})(?=: )`, name: sc('variable.other.queue-id') },
      { match: String.raw`\G[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}(?= )`, name: sc('variable.other.queue-id') },
      { include: '#exim-flag' },
      { include: '#message' },
    ],
  },
  // exim mainlog: "2024-05-06 11:02:11 [pid] 1sCUab-000Ab1-7Q <= ann@partner.example H=..."
  {
    begin: String.raw`^(${TS_ISO})(?: ([+-]\d{4}))?(?: (\[\d+\]))?(?: ([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}))?(?= |$)`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) }, 3: { name: sc('variable.other.pid') }, 4: { name: sc('variable.other.queue-id') } },
    end: '$',
    patterns: [{ include: '#exim-flag' }, { include: '#message' }],
  },
  // swaks: "<-  250 ...", " -> EHLO ...", "<** 550 ...", "=== Trying ...", "*** error"
  { begin: String.raw`^(<\*\*|<~\*)[ \t]+`, beginCaptures: { 1: { name: sc(RECEIVED) } }, end: '$', patterns: [{ include: '#payload' }] },
  { begin: String.raw`^(<-|<~|<  )[ \t]*`, beginCaptures: { 1: { name: sc(RECEIVED) } }, end: '$', patterns: [{ include: '#payload' }] },
  { begin: String.raw`^( ->| ~>|\*\*>|\*~>|  >)[ \t]*`, beginCaptures: { 1: { name: sc(SENT) } }, end: '$', patterns: [{ include: '#payload' }] },
  { match: String.raw`^(===)( .*)?$`, captures: { 1: { name: sc('comment.info') }, 2: { name: sc('comment.info') } } },
  { match: String.raw`^(\*\*\*)( .*)?$`, captures: { 1: { name: sc('invalid.illegal.error') }, 2: { name: sc('invalid.illegal.error') } } },
  // Python smtplib debug output: "send: 'ehlo x\r\n'", "reply: b'250 ...\r\n'", "reply: retcode (250); Msg: b'...'"
  {
    begin: String.raw`^(?:(\d{2}:\d{2}:\d{2}\.\d{1,9}) )?(send)(: )(b?')`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) }, 2: { name: sc(SENT) } },
    end: '$', patterns: [{ include: '#payload' }],
  },
  {
    begin: String.raw`^(?:(\d{2}:\d{2}:\d{2}\.\d{1,9}) )?(reply)(: )(b?')`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) }, 2: { name: sc(RECEIVED) } },
    end: '$', patterns: [{ include: '#payload' }],
  },
  ...CLASSES.map(({ digit, cls, base }) => ({
    match: String.raw`^(?:(\d{2}:\d{2}:\d{2}\.\d{1,9}) )?(reply|data)(: )(retcode \(|\()(${digit}\d\d)(?=[),])(.*)$`,
    captures: { 1: { name: sc(TIMESTAMP) }, 2: { name: sc(RECEIVED) }, 5: { name: sc(`${base}.reply.${cls}`) }, 6: { patterns: [{ include: '#inline' }] } },
  })),
  {
    match: String.raw`^(?:(\d{2}:\d{2}:\d{2}\.\d{1,9}) )?(connect|data|send|reply)(: )(.*)$`,
    captures: { 1: { name: sc(TIMESTAMP) }, 2: { name: sc('comment.info') } },
  },
  // nodemailer "[2024-05-06 11:20:01] DEBUG [id] C: EHLO x" and MailKit "C: ..." / "S: ..." protocol logs
  {
    begin: String.raw`^(?:(\[${TS_ISO}\]) (?:[A-Z]{4,5} +)?(?:\[[#\w-]++\] ){0,3})?(C:)[ \t]?`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) }, 2: { name: sc(SENT) } },
    end: '$', patterns: [{ include: '#payload' }],
  },
  {
    begin: String.raw`^(?:(\[${TS_ISO}\]) (?:[A-Z]{4,5} +)?(?:\[[#\w-]++\] ){0,3})?(S:)[ \t]?`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) }, 2: { name: sc(RECEIVED) } },
    end: '$', patterns: [{ include: '#payload' }],
  },
  {
    begin: String.raw`^(\[${TS_ISO}\])`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) } },
    end: '$', patterns: [{ include: '#message' }],
  },
  // client tools announcing the connection: MailKit "Connected to smtp://...", telnet "Connected to host."
  { match: String.raw`^(?:Connected to|Connecting to|Trying) \S.*$`, name: sc('markup.heading.connection') },
  // Exim test-harness client checks ("??? 250")
  { match: String.raw`^(\?\?\?)( .*)?$`, captures: { 1: { name: sc('comment.info') }, 2: { name: sc('comment.info') } } },
  // bare replies and commands (continuation lines of multi-line replies, telnet / openssl sessions)
  { begin: '^(?=[2-5]\\d\\d(?:[ \\t-]|$))', end: '$', patterns: [{ include: '#reply-at-start' }] },
  { begin: `^(?=${VERB})`, end: '$', patterns: [{ include: '#command-at-start' }] },
  // anything else: addresses and enhanced codes only
  { include: '#inline' },
];

repository['iis-query-reply'] = {
  patterns: CLASSES.map(({ digit, cls, base }) => ({
    match: String.raw`(?:(?<= )|(?<= \+))(${digit}\d\d)(?=\+|$)`,
    name: sc(`${base}.reply.${cls}`),
  })),
};

repository['exim-flag'] = {
  patterns: [
    { match: String.raw`\G ?(<=|\(=)(?= )`, name: sc(RECEIVED) },
    { match: String.raw`\G ?(=>|->|>>|\*>)(?= )`, name: sc(SENT) },
    { match: String.raw`\G ?(\*\*)(?= )`, name: sc('invalid.illegal.flag.failed') },
    { match: String.raw`\G ?(==)(?= )`, name: sc('markup.deleted.flag.deferred') },
  ],
};

const grammar = {
  information_for_contributors: [
    'This file is generated from scripts/grammar/smtp-log.grammar.mjs: edit that file and run it, do not edit this one.',
  ],
  name: 'SMTP Log',
  scopeName: 'text.smtp-log',
  patterns,
  repository,
};

const out = JSON.stringify(grammar, null, 2) + '\n';
const target = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../syntaxes/smtp-log.tmLanguage.json');
if (process.argv.includes('--check')) {
  let cur = '';
  try { cur = readFileSync(target, 'utf8'); } catch { /* missing */ }
  if (cur !== out) { console.error('syntaxes/smtp-log.tmLanguage.json is out of date: run node scripts/grammar/smtp-log.grammar.mjs'); process.exit(1); }
} else {
  writeFileSync(target, out);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
