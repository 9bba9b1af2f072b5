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
// - reply codes and enhanced status codes are coloured by class: 2xx `entity.name.type` (teal), 3xx
//   `constant.language`, 4xx `entity.name.function` (yellow on dark, brown on light), 5xx `invalid.illegal`
//   (red); addresses are `variable.other.address` (light blue / navy), verbs `keyword.other.verb`. Before,
//   4xx (`markup.deleted`) had exactly the colour of addresses (`string`) and was red like 5xx in light themes.
import { writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const S = '.smtp-log';
// The colour scopes get a fallback scope under them, for the older themes (Visual Studio Dark / Light) that
// have no rule for entity.name.type, entity.name.function or variable: the innermost scope a theme colours wins.
const FALLBACK = [
  [/^entity\.name\.type\.(.*\.success)$/, 'constant.numeric.$1'],
  [/^entity\.name\.function\.(.*\.(?:transient|deferred))$/, 'keyword.other.$1'],
  [/^variable\.other\.address$/, 'string.other.address'],
];
const sc = (name) => name.split(' ').flatMap(n => { const f = FALLBACK.find(([re]) => re.test(n)); return f ? [n.replace(f[0], f[1]), n] : [n]; }).map(n => n + S).join(' ');

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
];
// (in this order, commonest first: the alternatives are tried in turn, and the look-ahead after them sends a
// verb that is the prefix of a longer one, XPROXY of XPROXYTO, on to the longer one)
const VERB = `(?i:${VERBS.map(v => v.replace(/-/g, '\\-')).join('|')})(?![\\w-])`;
const CLASSES = [
  { digit: '2', cls: 'success', base: 'entity.name.type' },
  { digit: '3', cls: 'intermediate', base: 'constant.language' },
  { digit: '4', cls: 'transient', base: 'entity.name.function' },
  { digit: '5', cls: 'permanent', base: 'invalid.illegal' },
];
const RECEIVED = 'keyword.control.direction.received';
const SENT = 'storage.type.direction.sent';
const TIMESTAMP = 'comment.timestamp';
// Colours (checked against VS Code's Dark Modern/Dark+, Light Modern/Light+ and both High Contrast themes by
// test/unit/themeColours.test.ts): each base scope is one a default theme colours, chosen so that 2xx, 4xx,
// 5xx and addresses get four different colours with a contrast of at least 4.5:1 in each of them.
const ADDRESS = 'variable.other.address';
const VERB_SCOPE = 'keyword.other.verb';
const CONNECTION = 'keyword.other.connection';

// One regular expression for all classes, with one capture group per class: a TextMate scanner tries
// every pattern of a rule at each position, so four class patterns would cost four times one.
const byClass = (classes, piece) => classes.map(c => `(${piece(c.digit)})`).join('|');
const classCaptures = (classes, kind, offset = 0) => Object.fromEntries(classes.map((c, i) => [i + 1 + offset, { name: sc(`${c.base}.${kind}.${c.cls}`) }]));
const ENH_CLASSES = CLASSES.filter(c => c.digit !== '3');
const ENHANCED = (d) => String.raw`${d}\.\d{1,3}\.\d{1,3}`;
const REPLY = (d) => String.raw`${d}\d\d`;

// an address inside free text (<mailbox>, <>, or a bare mailbox at the start of a word), an enhanced code
// (the local part is bounded, as RFC 5321 bounds it, so that Oniguruma looks for the "@" first: a line without
// one is not searched position by position)
const INLINE_BARE_ADDRESS = String.raw`(?<![\w.+%-])[\w.+%-]{1,64}@[\w-]++(?:\.[\w-]++)++`;
const INLINE_ENHANCED = `(?:${ENH_CLASSES.map(c => String.raw`(${c.digit}(?<![\w.]${c.digit})\.\d{1,3}\.\d{1,3})`).join('|')})(?!\\.?\\d)`;
// exim's flags after the message id ("<=", "=>", "**" ...), each alternative a group of its own
const ACTIONS = 'reject|milter-reject|warning|hold|discard';
const EXIM_FLAG = String.raw`( ?(?:<=|\(=))(?= )|( ?(?:=>|->|>>|\*>))(?= )|( ?\*\*)(?= )|( ?==)(?= )`;
const eximFlagCaptures = (o) => ({ [o + 1]: { name: sc(RECEIVED) }, [o + 2]: { name: sc(SENT) }, [o + 3]: { name: sc('invalid.illegal.flag.failed') }, [o + 4]: { name: sc('entity.name.function.flag.deferred') } });

// ---------------------------------------------------------------- repository
const repository = {
  // a reply at \G: "550 5.1.1 text", "250-PIPELINING", "354"; the rest of the line is its text
  'reply-at-start': {
    patterns: [{
      begin: String.raw`\G(?:${byClass(CLASSES, REPLY)})(?=[ \t-]|$|'|\\r|")`,
      beginCaptures: classCaptures(CLASSES, 'reply'),
      end: '(?=$)',
      patterns: [{ include: '#enhanced-at-start' }, { include: '#address' }],
    }],
  },
  'enhanced-at-start': {
    patterns: [{
      match: String.raw`\G[ \t-](?:${byClass(ENH_CLASSES, ENHANCED)})(?!\.?\d)`,
      captures: classCaptures(ENH_CLASSES, 'enhanced'),
    }],
  },
  // a command at \G: verb, then its arguments (addresses coloured)
  'command-at-start': {
    patterns: [{
      begin: String.raw`\G(${VERB})`,
      beginCaptures: { 1: { name: sc(VERB_SCOPE) } },
      end: '(?=$)',
      patterns: [{ include: '#address' }],
    }],
  },
  // what follows a direction marker: a reply, an IO echo, or a command
  'payload': {
    patterns: [
      { include: '#reply-at-start' },
      { match: String.raw`\G(IO:)( ?\|)`, captures: { 1: { name: sc('comment.echo') }, 2: { name: sc('comment.echo') } } },
      { include: '#command-at-start' },
      { include: '#address' },
    ],
  },
  // <mailbox> (and the null sender <>)
  'address': {
    patterns: [{ match: String.raw`<[^<>\s@"]++@[^<>\s"]++>|<>`, name: sc(ADDRESS) }],
  },
  // tokens anywhere inside a line of free text: addresses with or without <>, enhanced codes
  // (the word-start checks come after a first character, not before it: Oniguruma finds where a pattern can
  // start by its first character, which a leading look-behind or \b hides, and then tries it everywhere)
  'inline': {
    patterns: [
      { match: String.raw`<[^<>\s@"]++@[^<>\s"]++>|<>`, name: sc(ADDRESS) },
      { match: INLINE_BARE_ADDRESS, name: sc(ADDRESS) },
      { match: INLINE_ENHANCED, captures: classCaptures(ENH_CLASSES, 'enhanced') },
    ],
  },
  // free text of syslog-style lines: inline tokens plus replies embedded after ": ", "(", "reject=" ...
  'message': {
    patterns: [
      {
        // the text before the code is matched (and left unscoped) rather than looked behind at, so that a scan
        // looks for these few characters, not for every digit of the line
        match: String.raw`(?:: |(?<=reject)=|[("'])(?:${byClass(CLASSES, REPLY)})(?=[ -]|$|[)"'])`,
        captures: classCaptures(CLASSES, 'reply'),
      },
      { match: String.raw`(stat(?:us)?)(?<=\bstat|\bstatus)=(?:(sent|Sent|deliverable|delivered)|(deferred|Deferred|softbounce)|(bounced|expired|undeliverable))\b`,
        captures: { 1: { name: sc('variable.parameter.key') }, 2: { name: sc('entity.name.type.status.success') }, 3: { name: sc('entity.name.function.status.transient') }, 4: { name: sc('invalid.illegal.status.permanent') } } },
      { match: String.raw`: (${ACTIONS})(?=: )`, captures: { 1: { name: sc('keyword.other.action') } } },
      { match: String.raw`((?:dis)?connect (?:from|to)|CONNECT from|PASS (?:NEW|OLD)|lost connection after [A-Z.]++ from|SMTP connection from|Connection from)\b`, captures: { 1: { name: sc(CONNECTION) } } },
      { include: '#inline' },
    ],
  },
  // Exchange 2007+ protocol log rows: received (<) and sent (>) carry a command or a reply in `data`
  'exchange-row-data': {
    patterns: [
      { include: '#reply-at-start' },
      { include: '#command-at-start' },
      { include: '#address' },
    ],
  },
};

const exchangePrefix = (event) => String.raw`^(${TS_ISOZ}),([^,]*),([0-9A-Fa-f]{8,32}),(\d+),([^,]*),([^,]*),(${event}),("?)`;
const exchangePrefixCaptures = (eventScope) => ({
  1: { name: sc(TIMESTAMP) },
  2: { name: sc('variable.other.connector') },
  3: { name: sc('variable.other.session-id') },
  4: { name: sc('constant.other.sequence-number') },
  5: { name: sc('constant.other.endpoint') },
  6: { name: sc('constant.other.endpoint') },
  7: { name: sc(eventScope) },
  8: { name: sc('punctuation.definition.string') },
});

// ---------------------------------------------------------------- line rules
// Speed (DESIGN.md section 7: at least 8x VS Code's log grammar; CONTRIBUTING.md, Performance, has what was
// measured): the lines of a format stay in a family with a short rule list (see `family` below), and the most
// common lines are single rules whose captures carry every scope, instead of nested rules that each need
// searches of their own.

// the first address of the rest of a line (<mailbox>, a bare mailbox at the start of a word, or <>), inside
// the flat rule itself, so the text needs no second scan. Linear, and cheap on the many lines without "@":
// the lookahead runs once to the end of the line; only when an "@" follows does the lazy prefix advance
// one character at a time, and a bare mailbox is only tried at word starts.
// Two groups only (the address, the null sender): every group of a pattern costs at each attempt to match it.
const FIRST_ADDRESS = String.raw`(?:(?=[^@]*+@).*?(<[^<>\s@"]++@[^<>\s"]++>|(?<![\w.+%<-])[\w.+%-]++@[\w-]++(?:\.[\w-]++)++)|[^<]*+(<>)?).*$`;

/** A flat rule for "prefix + reply": prefix groups first, then the code by class, enhanced code, text, its first address. */
function flatReply(prefix, prefixCaptures, prefixGroups) {
  const o = prefixGroups;
  return {
    match: String.raw`${prefix}(?:${byClass(CLASSES, REPLY)})(?=[ \t-]|$)(?:[ \t-](?:${byClass(ENH_CLASSES, ENHANCED)})(?!\.?\d))?${FIRST_ADDRESS}`,
    captures: { ...prefixCaptures, ...classCaptures(CLASSES, 'reply', o), ...classCaptures(ENH_CLASSES, 'enhanced', o + 4), [o + 8]: { name: sc(ADDRESS) }, [o + 9]: { name: sc(ADDRESS) } },
  };
}
/** A flat rule for "prefix + command": the verb, then its arguments with the first address. */
function flatCommand(prefix, prefixCaptures, prefixGroups) {
  return {
    match: String.raw`${prefix}(${VERB})${FIRST_ADDRESS}`,
    captures: { ...prefixCaptures, [prefixGroups + 1]: { name: sc(VERB_SCOPE) }, [prefixGroups + 2]: { name: sc(ADDRESS) }, [prefixGroups + 3]: { name: sc(ADDRESS) } },
  };
}
/** Flat reply and command rules for a prefix, and a begin/end rule for anything else after it. */
function directed(prefix, prefixCaptures, prefixGroups) {
  return [
    flatReply(prefix, prefixCaptures, prefixGroups),
    flatCommand(prefix, prefixCaptures, prefixGroups),
    { begin: prefix, beginCaptures: prefixCaptures, end: '$', patterns: [{ include: '#payload' }] },
  ];
}
// Inside a group the line's start is the group's anchor, so its rules say `\G` where they were written `^`:
// Oniguruma runs a `^` pattern at every position of the line when what follows the `^` gives its optimizer
// no literal to look for (a case-insensitive verb list, an optional timestamp), while `\G` is tried at the
// anchor only. A scanner runs every pattern of the list on every line, so this is most of the grammar's cost.
const atG = (rule) => {
  const r = { ...rule };
  for (const k of ['match', 'begin']) if (typeof r[k] === 'string' && r[k].startsWith('^')) r[k] = '\\G' + r[k].slice(1);
  return r;
};
const group = (lookahead, patterns) => ({ begin: `^(?=${lookahead})`, end: '$', patterns: patterns.map(atG) });
// the last rule of a group: tokens anywhere in a line no other rule took (a zero-width begin at the anchor,
// so its unanchored patterns run only on such lines, not on every line of the group). It needs a character:
// on an empty line a zero-width rule would end where it began, which vscode-textmate treats as a loop and
// leaves the rule open, so the next line would get no colours at all (a bug of the groups before).
const rest = { begin: String.raw`\G(?=.)`, end: '$', patterns: [{ include: '#inline' }] };

// Exchange 5.5/2000/2003 transcript and pasted transcripts: "4/2/01 8:05:42 AM : <<< RCPT TO:<..>", ">>> 550 ..."
const TRANSCRIPT = String.raw`^(?:(${TS_EX55})( : ))?[ \t]*(?:(<<<)|(>>>))[ \t]*`;
const TRANSCRIPT_CAPTURES = { 1: { name: sc(TIMESTAMP) }, 3: { name: sc(RECEIVED) }, 4: { name: sc(SENT) } };
// swaks: "<-  250 ...", " -> EHLO ...", "<** 550 ..." (an unexpected reply), "<~ " / " ~>" inside TLS
const SWAKS = String.raw`^(?:(<\*\*|<~\*|<-|<~|<  )|( ->| ~>|\*\*>|\*~>|  >))[ \t]*`;
const SWAKS_CAPTURES = { 1: { name: sc(RECEIVED) }, 2: { name: sc(SENT) } };
// nodemailer "[2024-05-06 11:20:01] DEBUG [id] C: EHLO x" and MailKit "C: ..." / "S: ..." protocol logs
const CLIENT_LOG = String.raw`^(?:(\[${TS_ISO}\]) (?:[A-Z]{4,5} +)?(?:\[[#\w-]++\] ){0,3})?(?:(C:)|(S:))[ \t]?`;
const CLIENT_LOG_CAPTURES = { 1: { name: sc(TIMESTAMP) }, 2: { name: sc(SENT) }, 3: { name: sc(RECEIVED) } };

const exchangeRows = [
  // Exchange 2007-2019 SMTP protocol log: date-time,connector-id,session-id,sequence-number,local,remote,event,data,context
  {
    begin: String.raw`^(${TS_ISOZ}),([^,]*),([0-9A-Fa-f]{8,32}),(\d+),([^,]*),([^,]*),(?:(<)|(>)|([+-])),("?)`,
    beginCaptures: {
      1: { name: sc(TIMESTAMP) }, 2: { name: sc('variable.other.connector') }, 3: { name: sc('variable.other.session-id') },
      4: { name: sc('constant.other.sequence-number') }, 5: { name: sc('constant.other.endpoint') }, 6: { name: sc('constant.other.endpoint') },
      7: { name: sc(RECEIVED) }, 8: { name: sc(SENT) }, 9: { name: sc(CONNECTION) }, 10: { name: sc('punctuation.definition.string') },
    },
    end: '$',
    patterns: [{ include: '#exchange-row-data' }],
  },
  {
    match: String.raw`^(${TS_ISOZ}),([^,]*),([0-9A-Fa-f]{8,32}),(\d+),([^,]*),([^,]*),(\*),(.*)$`,
    captures: {
      1: { name: sc(TIMESTAMP) }, 2: { name: sc('variable.other.connector') }, 3: { name: sc('variable.other.session-id') },
      4: { name: sc('constant.other.sequence-number') }, 5: { name: sc('constant.other.endpoint') }, 6: { name: sc('constant.other.endpoint') },
      7: { name: sc('comment.info') }, 8: { name: sc('comment.info') },
    },
  },
  // other CSV rows with an ISO time (Exchange message tracking): events, recipient statuses, addresses
  {
    begin: String.raw`^(${TS_ISOZ})(?=,)`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) } },
    end: '$',
    patterns: [
      { match: String.raw`,(?=[A-Z]{3})(?:(FAIL|DSN|BADMAIL|DROP|POISONMESSAGE|SUBMITFAIL|RESUBMITFAIL|HAREDIRECTFAIL|DELIVERFAIL|MODERATORREJECT|MODERATIONEXPIRE|MODERATORSALLNDR)|(DEFER|SUBMITDEFER|RESUBMITDEFER|THROTTLE)|(RECEIVE|SEND|SENDEXTERNAL|DELIVER|SUBMIT|EXPAND|RESOLVE|REDIRECT|TRANSFER|HARECEIVE|AGENTINFO|NOTIFYMAPI|NOTIFYSHADOW|HADISCARD|DUPLICATEDELIVER|DUPLICATEEXPAND|DUPLICATEREDIRECT|INITMESSAGECREATED|LOAD|PROCESS|PROCESSMEETINGMESSAGE|RESUBMIT|CLIENTSUBMISSION|SUPPRESSED|HAREDIRECT|MODERATORAPPROVE))(?=,)`,
        captures: { 1: { name: sc('invalid.illegal.event.failed') }, 2: { name: sc('entity.name.function.event.deferred') }, 3: { name: sc('keyword.other.event') } } },
      { match: String.raw`[,;"{](?:${byClass(CLASSES, REPLY)})(?=[ -])`, captures: classCaptures(CLASSES, 'reply') },
      { include: '#inline' },
    ],
  },
];

// IIS SMTP service / Exchange 2000-2003 W3C log, default field set:
// date time c-ip cs-username s-sitename s-computername s-ip s-port cs-method cs-uri-stem cs-uri-query sc-status ...
const iisRow = {
  begin: String.raw`^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) ([0-9A-Fa-f.:X]+) (\S+) (\S+) (\S+) (\S+) (\d+) (?=\S+ \S+ \S+ \d{1,3} )`,
  beginCaptures: {
    1: { name: sc(TIMESTAMP) }, 2: { name: sc('constant.other.endpoint') }, 3: { name: sc('entity.other.helo') },
    4: { name: sc('variable.other.site') }, 6: { name: sc('constant.other.endpoint') },
  },
  end: '$',
  patterns: [
    // 240 on QUIT rows is what the log writes for the session, not an SMTP reply
    { match: String.raw`\G(QUIT) (\S+) (\S+) (240)(?= )`, captures: { 1: { name: sc(VERB_SCOPE) }, 4: { name: sc('comment.other.not-a-reply') } } },
    {
      match: String.raw`\G(${VERB}|xxxx|-|[A-Za-z][\w-]*+) (\S+) (\S+) (?:${byClass(CLASSES, REPLY)})(?= )`,
      captures: { 1: { name: sc(VERB_SCOPE) }, 3: { patterns: [{ include: '#inline' }] }, ...classCaptures(CLASSES, 'reply', 3) },
    },
    // outbound rows: the remote's reply is in cs-uri-query ("421+4.7.0+Try+again+later")
    { match: String.raw`\G(\S+) (\S+) (\S+) (\d{1,3})(?= )`, captures: { 1: { name: sc(VERB_SCOPE) }, 3: { patterns: [{ include: '#iis-query-reply' }, { include: '#inline' }] } } },
  ],
};

// exim mainlog: "2024-05-06 11:02:11 [pid] 1sCUab-000Ab1-7Q <= ann@partner.example H=..."
const eximLine = {
  begin: String.raw`^(${TS_ISO})(?: ([+-]\d{4}))?(?: (\[\d+\]))?(?: ([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}))?(?= |$)`,
  beginCaptures: { 1: { name: sc(TIMESTAMP) }, 3: { name: sc('variable.other.pid') }, 4: { name: sc('variable.other.queue-id') } },
  end: '$',
  patterns: [{ begin: String.raw`\G(?:${EXIM_FLAG})?`, beginCaptures: eximFlagCaptures(0), end: '(?=$)', patterns: [{ include: '#message' }] }],
};

// Python smtplib debug output: "send: 'ehlo x\r\n'", "reply: b'250 ...\r\n'", "reply: retcode (250); Msg: b'...'"
const smtplib = [
  {
    match: String.raw`^(?:(\d{2}:\d{2}:\d{2}\.\d{1,9}) )?(reply|data)(: )(?:retcode \(|\()(?:${byClass(CLASSES, REPLY)})(?=[),])(.*)$`,
    captures: { 1: { name: sc(TIMESTAMP) }, 2: { name: sc(RECEIVED) }, ...classCaptures(CLASSES, 'reply', 3), 8: { patterns: [{ include: '#inline' }] } },
  },
  {
    begin: String.raw`^(?:(\d{2}:\d{2}:\d{2}\.\d{1,9}) )?(?:(send)|(reply))(: )(b?')`,
    beginCaptures: { 1: { name: sc(TIMESTAMP) }, 2: { name: sc(SENT) }, 3: { name: sc(RECEIVED) } },
    end: '$', patterns: [{ include: '#payload' }],
  },
  {
    match: String.raw`^(?:(\d{2}:\d{2}:\d{2}\.\d{1,9}) )?(connect|data|send|reply)(: )(.*)$`,
    captures: { 1: { name: sc(TIMESTAMP) }, 2: { name: sc('comment.info') } },
  },
];

// Rules of the rarer kinds of lines, dispatched by how they start (see rareLines below).
const ex55Event = {
  begin: String.raw`^(${TS_EX55})( : )((?i:A connection was accepted from|Connecting to|Connected to|The connection was closed|Connection closed)\b.*)?`,
  beginCaptures: { 1: { name: sc(TIMESTAMP) }, 3: { name: sc(CONNECTION) } },
  end: '$',
  patterns: [{ include: '#inline' }],
};
const header = {
  match: String.raw`^(\x{FEFF}?#)([A-Za-z][\w()-]*:)?(.*)$`,
  name: sc('comment.line.number-sign.header'),
  captures: { 1: { name: sc('punctuation.definition.comment') }, 2: { name: sc('keyword.other.header-name') } },
};
const infoLine = { match: String.raw`^(?:(===)|(\*\*\*))( .*)?$`, captures: { 1: { name: sc('comment.info') }, 2: { name: sc('invalid.illegal.error') }, 3: { name: sc('comment.info') } } };
const bracketTime = { begin: String.raw`^(\[${TS_ISO}\])`, beginCaptures: { 1: { name: sc(TIMESTAMP) } }, end: '$', patterns: [{ include: '#message' }] };
// Kerio: "[05/Mar/2024 10:00:03] Attempt to deliver to unknown recipient <...>"
const kerio = { begin: String.raw`^(\[\d{2}/[A-Z][a-z]{2}/\d{4} \d{2}:\d{2}:\d{2}\])`, beginCaptures: { 1: { name: sc(TIMESTAMP) } }, end: '$', patterns: [{ include: '#refusal' }, { include: '#message' }] };
// client tools announcing the connection (MailKit "Connected to smtp://...", telnet), Exim's test client ("??? 250")
const announce = { match: String.raw`^(?:((?:Connected to|Connecting to|Trying) \S.*)|(\?\?\?)( .*)?)$`, captures: { 1: { name: sc(CONNECTION) }, 2: { name: sc('comment.info') }, 3: { name: sc('comment.info') } } };
// Domino: "05-03-2024 10:00:01   SMTP Server: Authentication failed ..."
const domino = { begin: String.raw`^(\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2})`, beginCaptures: { 1: { name: sc(TIMESTAMP) } }, end: '$', patterns: [{ include: '#refusal' }, { include: '#message' }] };
const traceColumns = { match: String.raw`^\x{FEFF}?(?:"[A-Za-z_][\w]*+",)++"[A-Za-z_][\w]*+"$`, name: sc('comment.line.header.columns') };
const traceRow = { begin: String.raw`^(?=\x{FEFF}?")`, end: '$', patterns: [{ include: '#trace-export' }] };
const sub = (lookahead, patterns) => ({ ...group(lookahead, patterns), begin: String.raw`\G(?=${lookahead})` });

// The commonest kinds of lines: one rule each, matching the whole prefix of its line with captures (and, for a
// postfix refusal, its action, reply and enhanced code), so that such a line costs one search of its family's
// list and the searches of its free text.
const SYSLOG_PREFIX = String.raw`^(${TS_BSD}|${TS_ISO}) (?:(\S+) )?([\w./-]++)(\[\d+\])?(: )`;
const SYSLOG_CAPTURES = { 1: { name: sc(TIMESTAMP) }, 2: { name: sc('entity.other.host') }, 3: { name: sc('variable.other.program') }, 4: { name: sc('variable.other.pid') } };
// postfix debug_peer transcript: "< host[ip]:port: EHLO x" (received) / "> host[ip]:port: 250 ..." (sent)
const PEER = String.raw`(?:(<)|(>)) ([^\s\[]*+\[[^\]\s]*+\](?::\d+)?)(: )`;
const syslogPeer = {
  begin: String.raw`${SYSLOG_PREFIX}${PEER}`,
  beginCaptures: { ...SYSLOG_CAPTURES, 6: { name: sc(RECEIVED) }, 7: { name: sc(SENT) }, 8: { name: sc('entity.other.host') } },
  end: '$', patterns: [{ include: '#payload' }],
};
// the message: a postfix / sendmail queue id (it has a digit: "connect" is not one), an exim message id, or an
// exim flag at its start, then free text
// (a postfix refusal, "NOQUEUE: reject: RCPT from host[ip]: 554 5.7.1 ...", has its action, reply and enhanced
// code taken here, where the message's patterns would need a search each; an action or a reply right after the
// prefix is taken here too, as the message's patterns find theirs after ": ")
const QUEUE_ID = String.raw`NOQUEUE|(?=[0-9A-Za-z]{0,23}\d)[0-9A-Za-z]{5,24}(?=: )|[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}(?= )`;
const REFUSAL = String.raw`: (${ACTIONS})(?=: )(?:: (?!CONNECT )[A-Z]+ from [\w.-]*+\[[\w.:-]*+\](?::\d+)?: (?:${byClass(CLASSES, REPLY)})(?=[ -]|$|[)"'])(?: (?:${byClass(ENH_CLASSES, ENHANCED)})(?!\.?\d))?)?`;
const syslogMessage = {
  begin: String.raw`${SYSLOG_PREFIX}(?!${PEER.replace(/\((?!\?)/g, '(?:')})(?:(${QUEUE_ID})(?:${REFUSAL})?|${EXIM_FLAG}|(${ACTIONS})(?=: )|(?:${byClass(CLASSES, REPLY)})(?=[ -]|$|[)"']))?`,
  beginCaptures: {
    ...SYSLOG_CAPTURES, 6: { name: sc('variable.other.queue-id') },
    7: { name: sc('keyword.other.action') }, ...classCaptures(CLASSES, 'reply', 7), ...classCaptures(ENH_CLASSES, 'enhanced', 11),
    ...eximFlagCaptures(14), 19: { name: sc('keyword.other.action') }, ...classCaptures(CLASSES, 'reply', 19),
  },
  end: '$', patterns: [{ include: '#message' }],
};
/**
 * A line with a direction marker as one begin rule: the prefix, then a reply (code by class, enhanced code, the
 * first address) or a command (verb, the first address) up to the end of the line, or else the payload rules.
 */
function directedLine(prefix, prefixCaptures, prefixGroups) {
  const o = prefixGroups;
  const reply = String.raw`(?:${byClass(CLASSES, REPLY)})(?=[ \t-]|$)(?:[ \t-](?:${byClass(ENH_CLASSES, ENHANCED)})(?!\.?\d))?`;
  const command = `(${VERB})`;
  return [{
    match: `${prefix}(?:${reply}|${command})${FIRST_ADDRESS}`,
    captures: {
      ...prefixCaptures, ...classCaptures(CLASSES, 'reply', o), ...classCaptures(ENH_CLASSES, 'enhanced', o + 4),
      [o + 8]: { name: sc(VERB_SCOPE) }, [o + 9]: { name: sc(ADDRESS) }, [o + 10]: { name: sc(ADDRESS) },
    },
  }, { begin: prefix, beginCaptures: prefixCaptures, end: '$', patterns: [{ include: '#payload' }] }];
}
const exchangeDirected = exchangeRows[0], exchangeInfo = exchangeRows[1], trackingRow = exchangeRows[2];
const eximMessage = { ...eximLine, begin: eximLine.begin + `(?:${EXIM_FLAG})?`, beginCaptures: { ...eximLine.beginCaptures, ...eximFlagCaptures(4) }, patterns: [{ include: '#message' }] };

// Rarer kinds of lines, by how they start
const rareLines = sub(String.raw`\d{1,2}/|\d\d[:-]|\x{FEFF}?"|\[|[CS]:|(?:send|reply|data|connect): `, [
  // Exchange 5.5-2003 event lines, smtplib with times, Domino
  sub(String.raw`\d{1,2}/`, [ex55Event, rest]),
  sub(String.raw`\d\d:`, [...smtplib, rest]),
  sub(String.raw`\d\d-`, [domino, rest]),
  // Exchange message trace exports (CSV, every field quoted): the header row, then the rows
  sub(String.raw`\x{FEFF}?"`, [traceColumns, traceRow]),
  // nodemailer "[2024-05-06 11:20:01] DEBUG [id] C: EHLO", other "[time]" logs, Kerio
  sub(String.raw`\[`, [...directed(CLIENT_LOG, CLIENT_LOG_CAPTURES, 3), bracketTime, kerio, rest]),
  // MailKit "C: ..." / "S: ...", smtplib "send: ..."
  sub(String.raw`[CS]:`, directed(CLIENT_LOG, CLIENT_LOG_CAPTURES, 3)),
  sub(String.raw`(?:send|reply|data|connect): `, smtplib),
]);

// Families of lines. What a line costs is mostly the searches of the rule lists it meets, and each search costs
// every pattern of its list (measured with `BENCH_ONLY=grammar npm run bench`: an empty line cost twice the
// one-token-per-line grammar with one list of 16 rules, 1.5x with 2). So the lines of a log format are a
// family: a begin/while rule whose `while` holds as long as the lines start like that format's (or are
// empty), with a short list of its own rules; a line that starts otherwise ends the family and is dispatched
// again from the top. Inside a family the rules start with a true `\G` (the anchor is where the `while`
// matched), which Oniguruma tries at the line's start only. Each family's list holds, in the same order, every
// rule of the whole grammar that can match a line the family accepts, so a line gets the same scopes in or out
// of its family.
//
// The `while` of the swaks and transcript families also takes the commonest short lines whole: a reply or a
// command after a direction marker. vscode-textmate gives a `while` match its captures as tokens and goes on
// from its end, so such a line costs that one search instead of a search of the rule list.
const SWAKS_MARKERS = String.raw`<\*\*|<~\*|<-|<~|<  | ->| ~>|\*\*>|\*~>|  >`;
function family(lookahead, rules, whole) {
  const start = whole ? `${whole.match}|(?=${lookahead})` : `(?=${lookahead})`;
  return {
    begin: `^(?:${start})`, ...(whole ? { beginCaptures: whole.captures } : {}),
    while: `^(?:${start}|$)`, ...(whole ? { whileCaptures: whole.captures } : {}),
    patterns: rules.map(atG),
  };
}
// a rule of the top list, which is not under a `while`: anchored at `^`
const atTop = (rule) => {
  const r = { ...rule };
  for (const k of ['match', 'begin']) if (typeof r[k] === 'string' && r[k].startsWith('\\G')) r[k] = '^' + r[k].slice(2);
  return r;
};
const swaksWhole = directedLine(SWAKS.slice(1), SWAKS_CAPTURES, 2)[0];
const transcriptWhole = directedLine(`(?!${SWAKS_MARKERS})${TRANSCRIPT.slice(1)}`, TRANSCRIPT_CAPTURES, 4)[0];

// "#Software: ...", "#Fields: ..." headers (Exchange, IIS) and "#" comment lines belong to the families of logs
// that have them (a line that leaves its family costs a search more, and one of the top list)
const HASH = String.raw`\x{FEFF}?#`;
// (their `while` takes such a line whole: the header rule's scopes, the whole match's name as capture 0)
const headerWhole = { match: header.match.slice(1), captures: { 0: { name: header.name }, ...header.captures } };
const SYSLOG_START = String.raw`[A-Z][a-z]{2} {1,2}\d|\d{4}-\d\d-\d\dT[^,\s]*+ `;
const EXIM_IIS_START = String.raw`\d{4}-\d\d-\d\d \d`;
const EXCHANGE_START = String.raw`\d{4}-\d\d-\d\dT[^,\s]*+,`;
const SWAKS_START = String.raw`${SWAKS_MARKERS}|===|\*\*\*`;
// the transcript family's while also takes whole the lines of client tools ("Connecting to ...", exim's "??? 250")
const announceGroups = 3, transcriptGroups = 14;
const transcriptOrAnnounce = {
  match: `${transcriptWhole.match}|${announce.match.slice(1)}`,
  captures: { ...transcriptWhole.captures, ...Object.fromEntries(Object.entries(announce.captures).map(([k, v]) => [+k + transcriptGroups, v])) },
};
if (Object.keys(announce.captures).length !== announceGroups) throw new Error('announce groups');
const patterns = [
  // syslog ("Nov 24 12:57:28 mx postfix/smtpd[12948]: ..." or an RFC 3339 time): postfix, sendmail, others; exim
  // also reads an RFC 3339 time (the message rule first: it is the commoner, and it leaves the debug_peer lines
  // to the rule after it)
  family(`${SYSLOG_START}|${HASH}`, [syslogMessage, syslogPeer, eximMessage, header, rest], headerWhole),
  // "2024-05-06 11:02:11 ...": exim, IIS W3C, syslog with such a time
  family(`${EXIM_IIS_START}|${HASH}`, [syslogMessage, syslogPeer, iisRow, eximMessage, header, rest], headerWhole),
  // Exchange 2007+ protocol and message tracking logs
  family(`${EXCHANGE_START}|${HASH}`, [exchangeDirected, exchangeInfo, trackingRow, header, rest], headerWhole),
  // swaks ("<-  250", " -> EHLO", "=== Trying", "*** error")
  family(SWAKS_START, [directedLine(SWAKS, SWAKS_CAPTURES, 2)[1], infoLine, rest], swaksWhole),
  // every other line: pasted and Exchange 5.5-2003 transcripts ("<<< RCPT TO:<..>", "4/2/01 8:05:42 AM : >>> 550
  // ..."), their event lines, client tools ("Connecting to ...", exim's "??? 250"), bare replies (continuation
  // lines, telnet sessions), headers, bare commands, rarer lines, anything else (addresses and enhanced codes in
  // free text). Transcripts mix all of these, so they stay in this one family.
  family(`(?!${SYSLOG_START}|${EXIM_IIS_START}|${EXCHANGE_START}|${SWAKS_START})`,
    [directedLine(TRANSCRIPT, TRANSCRIPT_CAPTURES, 4)[1], announce, flatReply('^', {}, 0), ex55Event, header, flatCommand('^', {}, 0), rareLines, rest],
    transcriptOrAnnounce),
];

// Exchange message trace exports (exchangeOnline.ts): quoted fields with times, status words, the report's
// "address##Receive, Fail" events, tracking event ids, reply codes in RecipientStatus, addresses. Each pattern
// matches the quote, comma or "##" before its field (left unscoped) rather than looking behind for it: a pattern
// that starts with a look-behind is tried at every position of the line.
const TS_EXPORT = String.raw`\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2}(?: [AaPp][Mm])?|\d{1,2}\.\d{1,2}\.\d{4} \d{1,2}:\d{2}:\d{2}|${TS_ISO}`;
repository['trace-export'] = {
  patterns: [
    { match: String.raw`"(${TS_EXPORT})(?=")`, captures: { 1: { name: sc(TIMESTAMP) } } },
    { match: String.raw`"(?:(Failed|FilteredAsSpam|Quarantined|FAIL|DSN|BADMAIL|DROP|POISONMESSAGE|SUBMITFAIL|DELIVERFAIL)|(Pending|DEFER|SUBMITDEFER)|(Delivered|Expanded|GettingStatus|Resolved|RECEIVE|SEND|SENDEXTERNAL|DELIVER|SUBMIT|EXPAND|RESOLVE|REDIRECT|TRANSFER|AGENTINFO|HARECEIVE|HADISCARD))(?=")`,
      captures: { 1: { name: sc('invalid.illegal.status.failed') }, 2: { name: sc('entity.name.function.status.deferred') }, 3: { name: sc('keyword.other.status') } } },
    { match: String.raw`##(?:([A-Za-z, ]*+(?<=Fail|Drop))|([A-Za-z, ]*+(?<=Defer))|([A-Za-z, ]*+))(?=[;"])`,
      captures: { 1: { name: sc('invalid.illegal.status.failed') }, 2: { name: sc('entity.name.function.status.deferred') }, 3: { name: sc('keyword.other.status') } } },
    { match: String.raw`[";{](?:${byClass(CLASSES, REPLY)})(?=[ -])`, captures: classCaptures(CLASSES, 'reply') },
    { include: '#address' },
  ],
};

// refusals some servers log without a reply code (Domino, Kerio)
repository['refusal'] = {
  patterns: [{ match: String.raw`(?i:authentication fail(?:ed|ure)|Attempt to deliver to unknown recipient|found in DNS blacklist)`, name: sc('invalid.illegal.refusal') }],
};

repository['iis-query-reply'] = {
  patterns: [{ match: String.raw`(?:(?<= )|(?<= \+))(?:${byClass(CLASSES, REPLY)})(?=\+|$)`, captures: classCaptures(CLASSES, 'reply') }],
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
