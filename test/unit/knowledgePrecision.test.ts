/**
 * A hover says only what applies: when a specific rule explains a reply, the causes and checks shown
 * are that rule's, or come from a source (another matching rule, the enhanced or basic code) that
 * names the same bounce reason. Causes and checks of unrelated rules and of a code's other meanings
 * (the registry's null MX for Microsoft's 5.1.10, relay permissions for a block list) stay out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainReply, parseExample } from '../../server/src/core/knowledge';
import { VENDOR_RULES } from '../../server/src/core/knowledge/vendorRules';
import { hoverAt } from '../helpers/log';

test("for every rule's examples, the causes and checks are the rule's own or another matching rule's with the same reason", () => {
  const wrong: string[] = [];
  let checked = 0;
  for (const r of VENDOR_RULES) {
    for (const ex of r.examples ?? []) {
      const e = explainReply(parseExample(ex));
      const top = e.vendor[0];
      if (top?.id !== r.id) continue; // knowledgeExamples.test.ts reports that
      // the codes' general advice only fills in for a rule that gives none of its own
      const codes = (kind: 'cause' | 'check') => (kind === 'cause' ? top.causes : top.checks).length ? [] : [e.enhancedEntry, e.basic];
      const consistent = (kind: 'cause' | 'check') => [...e.vendor.slice(1), ...codes(kind)].filter(s => s && top.reason !== undefined && s.reason === top.reason);
      for (const [kind, list, own] of [['cause', e.causes, top.causes], ['check', e.checks, top.checks]] as const) {
        for (const x of list) {
          checked++;
          if (own.includes(x)) continue;
          if (consistent(kind).some(s => (kind === 'cause' ? s!.causes : s!.checks).includes(x))) continue;
          wrong.push(`${r.id} (${r.reason ?? 'no reason'}): "${ex}" shows the ${kind} "${x}" of an unrelated source`);
        }
      }
    }
  }
  assert.ok(checked > 500, `causes and checks of the examples were looked at (${checked})`);
  assert.deepEqual(wrong, []);
});

const hover = (reply: string) => hoverAt(`<<< RCPT TO:<bob@example.net>\n>>> ${reply}\n`, '>>> ', reply.slice(0, 3))!;

test('the greylisting hover speaks of greylisting only, not of the codes\' other uses', () => {
  const h = hover('451 4.2.0 Greylisted, please try again later');
  assert.match(h, /Greylisted/);
  assert.doesNotMatch(h, /Exchange uses 5\.2\.0|BadPrimary|mailbox configuration problem/);
  assert.doesNotMatch(h, /local error in processing\b.*\n.*Typical causes[^]*disk/, 'no causes of a 451 local error');
});

test("Microsoft's 5.1.10 hover lists no null MX cause or check after saying that reading does not apply", () => {
  const h = hover('550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup');
  assert.match(h, /Recipient not found by SMTP address lookup/);
  assert.match(h, /5\.1\.10 in the registry: Recipient address has null MX/, 'the registry title is labelled as such');
  const causes = /\*\*Typical causes\*\*\n((?:- .*\n?)*)/.exec(h)?.[1] ?? '';
  const checks = h.split('\n').filter(l => /^\d+\. /.test(l)).join('\n');
  assert.ok(causes.length > 0);
  assert.doesNotMatch(causes, /null MX/i);
  assert.doesNotMatch(checks, /null MX|MX 0 \./i);
});

test('a Spamhaus block lists no relay-permission causes or checks', () => {
  const h = hover('554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1');
  assert.match(h, /Spamhaus/);
  assert.match(h, /check\.spamhaus\.org/);
  assert.doesNotMatch(h, /relay (?:access|permission|refused|denied|rights)|not authenticated|relay_domains|mynetworks|open relay/i);
});
