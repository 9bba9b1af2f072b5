/**
 * Colours tell the truth (issue 14): in VS Code's default themes (Dark Modern, Dark+, Light Modern, Light+,
 * High Contrast dark and light), a 2xx, a 4xx and a 5xx reply code and an address get four colours that a
 * reader tells apart, each readable on the editor background (contrast >= 4.5:1, WCAG AA).
 *
 * The themes are read from the code-server install the real-editor layer uses (.e2e/cs/...), which holds
 * VS Code's own `extensions/theme-defaults`; they are resolved as the workbench does (the `include` chain,
 * the editor foreground/background as the default rule, VS Code's built-in `token.*-token` defaults), then
 * vscode-textmate tokenizes sample lines with the theme set and reports each token's foreground.
 *
 * Semantic tokens: these themes turn semantic highlighting on, so the server's tokens are painted with the
 * colour of the scope package.json's `semanticTokenScopes` maps each type to; that colour is checked to be
 * the TextMate colour of the same token, so the two never disagree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { ROOT } from './tokenize';

const THEMES_DIR = path.join(ROOT, '.e2e/cs/node_modules/code-server/lib/vscode/extensions/theme-defaults');
const CHECKED = ['Default Dark Modern', 'Default Dark+', 'Default Light Modern', 'Default Light+', 'Default High Contrast', 'Default High Contrast Light'];
// the older Visual Studio themes colour fewer scopes: the grammar's fallback scopes give them four different
// colours, though not all far apart (Visual Studio Light has only reds for both 5xx and addresses)
const LEGACY = ['Visual Studio Dark', 'Visual Studio Light'];

// VS Code's defaults per theme type (src/vs/workbench/services/themes/common/colorThemeData.ts): the editor
// background when a theme does not set one, and the token.*-token rules added when it has none of its own.
const TYPE: Record<string, { bg: string; fg: string; kind: 'light' | 'dark' | 'hcLight' | 'hcDark' }> = {
  'vs-dark': { bg: '#1E1E1E', fg: '#D4D4D4', kind: 'dark' },
  'vs': { bg: '#FFFFFF', fg: '#000000', kind: 'light' },
  'hc-black': { bg: '#000000', fg: '#FFFFFF', kind: 'hcDark' },
  'hc-light': { bg: '#FFFFFF', fg: '#292929', kind: 'hcLight' },
};
const TOKEN_DEFAULTS: Record<string, [string, string][]> = {
  light: [['token.info-token', '#316bcd'], ['token.warn-token', '#cd9731'], ['token.error-token', '#cd3131'], ['token.debug-token', '#800080']],
  dark: [['token.info-token', '#6796e6'], ['token.warn-token', '#cd9731'], ['token.error-token', '#f44747'], ['token.debug-token', '#b267e6']],
  hcLight: [['token.info-token', '#316bcd'], ['token.warn-token', '#cd9731'], ['token.error-token', '#cd3131'], ['token.debug-token', '#800080']],
  hcDark: [['token.info-token', '#6796e6'], ['token.warn-token', '#008000'], ['token.error-token', '#FF0000'], ['token.debug-token', '#b267e6']],
};

interface Theme { label: string; background: string; settings: vsctm.IRawTheme['settings'] }

function readTheme(file: string): { colors: Record<string, string>; tokenColors: vsctm.IRawTheme['settings'] } {
  const t = JSON.parse(fs.readFileSync(file, 'utf8'));
  const base = t.include ? readTheme(path.join(path.dirname(file), t.include)) : { colors: {}, tokenColors: [] };
  return { colors: { ...base.colors, ...t.colors }, tokenColors: [...base.tokenColors, ...(t.tokenColors ?? [])] };
}

function loadThemes(ids = CHECKED): Theme[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(THEMES_DIR, 'package.json'), 'utf8'));
  return (pkg.contributes.themes as { id: string; uiTheme: string; path: string }[]).filter(t => ids.includes(t.id)).map(t => {
    const { colors, tokenColors } = readTheme(path.join(THEMES_DIR, t.path));
    const type = TYPE[t.uiTheme];
    const background = colors['editor.background'] ?? type.bg;
    const own = tokenColors.some(r => r.scope === 'token.info-token');
    const defaults = own ? [] : TOKEN_DEFAULTS[type.kind].map(([scope, foreground]) => ({ scope, settings: { foreground } }));
    return {
      label: t.id, background,
      settings: [{ settings: { foreground: colors['editor.foreground'] ?? type.fg, background } }, ...tokenColors, ...defaults],
    };
  });
}

let wasmLoaded = false;
async function registryFor(theme: Theme, extra: Record<string, object> = {}): Promise<vsctm.Registry> {
  if (!wasmLoaded) {
    const wasm = fs.readFileSync(path.join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    wasmLoaded = true;
  }
  const files: Record<string, string> = { 'text.smtp-log': 'syntaxes/smtp-log.tmLanguage.json', 'text.smtp-ndr': 'syntaxes/smtp-ndr.tmLanguage.json' };
  const reg = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (s: string[]) => new oniguruma.OnigScanner(s), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope: string) => extra[scope] ? vsctm.parseRawGrammar(JSON.stringify(extra[scope]), `${scope}.json`)
      : files[scope] ? vsctm.parseRawGrammar(fs.readFileSync(path.join(ROOT, files[scope]), 'utf8'), files[scope]) : null,
  });
  reg.setTheme({ name: theme.label, settings: theme.settings });
  return reg;
}

/** vscode-textmate's encoded token attributes: foreground colour id in bits 15-23 (EncodedTokenAttributes). */
const foregroundId = (metadata: number) => (metadata & 0x00FF8000) >>> 15;

/** The foreground of the token covering `needle` in `line` (the whole needle must be one colour). */
function colourOf(reg: vsctm.Registry, grammar: vsctm.IGrammar, line: string, needle: string): string {
  const at = line.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in ${line}`);
  const { tokens } = grammar.tokenizeLine2(line, vsctm.INITIAL);
  const colours = new Set<string>();
  for (let i = 0; i < tokens.length; i += 2) {
    const start = tokens[i], end = i + 2 < tokens.length ? tokens[i + 2] : line.length;
    if (end > at && start < at + needle.length) colours.add(reg.getColorMap()[foregroundId(tokens[i + 1])].toUpperCase());
  }
  assert.equal(colours.size, 1, `"${needle}" in "${line}" has ${colours.size} colours: ${[...colours].join(' ')}`);
  return [...colours][0];
}

// WCAG 2 relative luminance and contrast ratio
function luminance(hex: string): number {
  const c = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16) / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
// CIE76 colour difference in CIELAB (D65): about 2.3 is just noticeable; two reds of one theme differ by ~13
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16) / 255).map(v => v > 0.04045 ? ((v + 0.055) / 1.055) ** 2.4 : v / 12.92);
  const f = (t: number) => t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116;
  const X = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047), Y = f(0.2126 * r + 0.7152 * g + 0.0722 * b), Z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * Y - 16, 500 * (X - Y), 200 * (Y - Z)];
}
export function deltaE(a: string, b: string): number {
  const p = lab(a), q = lab(b);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}
/** Distinct means more than a shade apart: the old light theme's 4xx (#a31515) and 5xx (#cd3131) differ by 13. */
const MIN_DELTA_E = 20;

// the same classes in each format a user opens: transcript, Exchange protocol log, postfix syslog, NDR
const SAMPLES: { scope: string; lines: Record<'2xx' | '4xx' | '5xx' | 'address', [string, string]> }[] = [
  {
    scope: 'text.smtp-log',
    lines: {
      '2xx': ['>>> 250 2.1.5 Recipient OK', '250'],
      '4xx': ['>>> 450 4.2.0 Greylisted, try again later', '450'],
      '5xx': ['>>> 550 5.1.1 User unknown', '550'],
      'address': ['<<< RCPT TO:<carol@contoso.example>', '<carol@contoso.example>'],
    },
  },
  {
    scope: 'text.smtp-log',
    lines: {
      '2xx': ['2024-03-04T09:12:00.734Z,Outbound,08DC3C1E8A2B8A10,3,192.0.2.10:49877,203.0.113.25:25,<,250 2.0.0 OK,', '250'],
      '4xx': ['2024-03-04T09:12:00.734Z,Outbound,08DC3C1E8A2B8A10,4,192.0.2.10:49877,203.0.113.25:25,<,451 4.7.1 Try later,', '451'],
      '5xx': ['2024-03-04T09:12:00.734Z,Outbound,08DC3C1E8A2B8A10,5,192.0.2.10:49877,203.0.113.25:25,<,554 5.7.1 Rejected,', '554'],
      'address': ['2024-03-04T09:12:00.734Z,Outbound,08DC3C1E8A2B8A10,6,192.0.2.10:49877,203.0.113.25:25,>,RCPT TO:<bo@corp.example>,', '<bo@corp.example>'],
    },
  },
  {
    scope: 'text.smtp-log',
    lines: {
      '2xx': ['Nov 24 12:57:28 mx postfix/smtp[1]: 4F2A1B3C: to=<a@b.example>, relay=mx.b.example[192.0.2.1]:25, status=sent (250 2.0.0 Ok: queued)', '250'],
      '4xx': ['Nov 24 12:57:28 mx postfix/smtp[1]: 4F2A1B3C: to=<a@b.example>, relay=mx.b.example[192.0.2.1]:25, status=deferred (host x said: 450 4.2.0 Greylisted)', '450'],
      '5xx': ['Nov 24 12:57:28 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.1]: 550 5.1.1 <n@b.example>: Recipient address rejected', '550'],
      'address': ['Nov 24 12:57:28 mx postfix/smtp[1]: 4F2A1B3C: to=<a@b.example>, relay=mx.b.example[192.0.2.1]:25, status=sent (250 2.0.0 Ok: queued)', '<a@b.example>'],
    },
  },
  {
    scope: 'text.smtp-ndr',
    lines: {
      '2xx': ['Diagnostic-Code: smtp; 250 2.0.0 OK', '250'],
      '4xx': ['Diagnostic-Code: smtp; 451 4.4.1 No answer from host', '451'],
      '5xx': ['Diagnostic-Code: smtp; 550 5.1.1 User unknown', '550'],
      'address': ['Final-Recipient: rfc822; <carol@contoso.example>', 'carol@contoso.example'],
    },
  },
];

const present = fs.existsSync(path.join(THEMES_DIR, 'package.json'));
const required = process.env.E2E_REQUIRED === '1';
const skip = present ? false : required ? false
  : `VS Code's themes are not installed (${path.relative(ROOT, THEMES_DIR)}): bash scripts/e2e/install-code-server.sh`;

test('VS Code\'s default themes: 2xx, 4xx, 5xx and addresses have four distinct colours, each >= 4.5:1 on the background', { skip }, async () => {
  assert.ok(present, `E2E_REQUIRED=1 and VS Code's themes are missing: run bash scripts/e2e/install-code-server.sh first`);
  const themes = loadThemes();
  assert.deepEqual(themes.map(t => t.label).sort(), [...CHECKED].sort(), 'every checked theme is in code-server\'s theme-defaults');
  const report: string[] = [];
  for (const theme of themes) {
    const reg = await registryFor(theme);
    for (const sample of SAMPLES) {
      const grammar = (await reg.loadGrammar(sample.scope))!;
      const got = Object.fromEntries(Object.entries(sample.lines).map(([k, [line, needle]]) => [k, colourOf(reg, grammar, line, needle)]));
      report.push(`${theme.label} ${sample.scope} ${JSON.stringify(got)}`);
      for (const [k, c] of Object.entries(got)) {
        assert.ok(contrast(c, theme.background) >= 4.5, `${theme.label}: ${k} ${c} on ${theme.background} has contrast ${contrast(c, theme.background).toFixed(2)} < 4.5 (${sample.lines[k as '2xx'][0]})`);
      }
      const keys = Object.keys(got);
      for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) {
        const d = deltaE(got[keys[i]], got[keys[j]]);
        assert.ok(d >= MIN_DELTA_E, `${theme.label} (${sample.scope}): ${keys[i]} ${got[keys[i]]} and ${keys[j]} ${got[keys[j]]} differ by only ${d.toFixed(1)} (CIE76; need ${MIN_DELTA_E})`);
      }
    }
  }
  // the first sample's colours per theme, for the record (node --test shows it with the test)
  console.log(report.filter(r => r.includes('text.smtp-log')).filter((_, i) => i % 3 === 0).join('\n'));
});

test('semantic tokens are painted with the TextMate colour of the same token in every default theme', { skip }, async () => {
  assert.ok(present, `E2E_REQUIRED=1 and VS Code's themes are missing: run bash scripts/e2e/install-code-server.sh first`);
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const scopesOf = (lang: string) => (pkg.contributes.semanticTokenScopes as { language: string; scopes: Record<string, string[]> }[]).find(s => s.language === lang)!.scopes;
  // semantic type -> a sample token the server gives that type (logSemanticTokens.ts), in the grammar's language
  const BY_TYPE: Record<string, [string, string]> = {
    replySuccess: ['>>> 250 2.1.5 Recipient OK', '250'],
    replyIntermediate: ['>>> 354 Start mail input', '354'],
    replyTransient: ['>>> 450 4.2.0 Greylisted', '450'],
    replyPermanent: ['>>> 550 5.1.1 User unknown', '550'],
    string: ['<<< RCPT TO:<carol@contoso.example>', '<carol@contoso.example>'],
    function: ['<<< RCPT TO:<carol@contoso.example>', 'RCPT'],
    keyword: ['<<< RCPT TO:<carol@contoso.example>', '<<<'],
    type: ['>>> 550 5.1.1 User unknown', '>>>'],
    comment: ['4/2/01 8:05:42 AM : >>> 550 5.1.1 User unknown', '4/2/01 8:05:42 AM'],
  };
  for (const theme of loadThemes()) {
    for (const lang of ['smtp-log', 'smtp-ndr']) {
      const map = scopesOf(lang);
      for (const [type, [line, needle]] of Object.entries(BY_TYPE)) {
        assert.ok(map[type]?.length, `${lang}: semanticTokenScopes has no scope for ${type}`);
        // VS Code resolves a semantic type to the theme rule matching its mapped scope alone (resolveScopes):
        // a one-rule grammar that gives every character that scope under a neutral root probes the same rule
        // (with a fallback scope after it, which VS Code uses when the theme has no rule for the first: the same
        // as the fallback being the outer of two TextMate scopes)
        const probe = { scopeName: 'source.probe', patterns: [{ match: '.+', name: [...map[type]].reverse().join(' ') }] };
        const reg = await registryFor(theme, { 'source.probe': probe });
        const semantic = colourOf(reg, (await reg.loadGrammar('source.probe'))!, needle, needle);
        if (lang !== 'smtp-log') continue; // the NDR grammar has no transcript lines: the mapping is checked by name below
        const textmate = colourOf(reg, (await reg.loadGrammar('text.smtp-log'))!, line, needle);
        assert.equal(semantic, textmate, `${theme.label}: semantic ${type} (${map[type][0]}) is ${semantic}, the grammar paints "${needle}" ${textmate}`);
      }
    }
  }
  for (const [type, scopes] of Object.entries(scopesOf('smtp-ndr'))) {
    assert.deepEqual(scopes.map(s => s.replace(/\.smtp-ndr$/, '')), scopesOf('smtp-log')[type].map(s => s.replace(/\.smtp-log$/, '')), `smtp-ndr's ${type} maps to the same scope as smtp-log's`);
  }
});

test('the older Visual Studio Dark and Light themes: four different colours, each >= 4.5:1 on the background', { skip }, async () => {
  assert.ok(present, `E2E_REQUIRED=1 and VS Code's themes are missing: run bash scripts/e2e/install-code-server.sh first`);
  for (const theme of loadThemes(LEGACY)) {
    const reg = await registryFor(theme);
    const grammar = (await reg.loadGrammar('text.smtp-log'))!;
    const got = Object.fromEntries(Object.entries(SAMPLES[0].lines).map(([k, [line, needle]]) => [k, colourOf(reg, grammar, line, needle)]));
    assert.equal(new Set(Object.values(got)).size, 4, `${theme.label}: ${JSON.stringify(got)}`);
    for (const [k, c] of Object.entries(got)) assert.ok(contrast(c, theme.background) >= 4.5, `${theme.label}: ${k} ${c} on ${theme.background}`);
  }
});

test('the contrast and colour-difference measures behave as documented', () => {
  assert.equal(contrast('#000000', '#FFFFFF').toFixed(0), '21');
  assert.equal(contrast('#777777', '#777777'), 1);
  assert.ok(deltaE('#A31515', '#CD3131') < MIN_DELTA_E, 'two reds are not distinct');
  assert.ok(deltaE('#795E26', '#CD3131') >= MIN_DELTA_E, 'brown and red are distinct');
});
