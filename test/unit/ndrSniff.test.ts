/** Content sniffing: bounces become smtp-ndr, ordinary mail and auto-replies stay plain, logs stay logs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { sniffLanguage } from '../../server/src/core/detect/sniff';

const FIX = path.join(__dirname, '../../../test/fixtures');
const read = (f: string) => readFileSync(path.join(FIX, f), 'utf8');
const head = (t: string) => t.slice(0, 64 * 1024);

test('every bounce fixture (real postfix DSNs and hand-written layouts) is claimed as smtp-ndr', () => {
  const files = [
    ...readdirSync(path.join(FIX, 'generated')).filter(f => f.startsWith('postfix-dsn-')).map(f => 'generated/' + f),
    ...readdirSync(path.join(FIX, 'ndr')).filter(f => /\.(?:eml|txt|msg)$/.test(f) && f !== 'autoreply.eml' && f !== 'plain-mail.eml').map(f => 'ndr/' + f),
    ...readdirSync(path.join(FIX, 'ndr/conformance')).map(f => 'ndr/conformance/' + f),
  ];
  assert.ok(files.length >= 20);
  for (const f of files) assert.equal(sniffLanguage(head(read(f))), 'smtp-ndr', f);
});

test('an ordinary mail (even one about a failed delivery of desks) and an auto-reply are not claimed', () => {
  assert.equal(sniffLanguage(read('ndr/plain-mail.eml')), undefined);
  assert.equal(sniffLanguage(read('ndr/autoreply.eml')), undefined);
});

test('logs and transcripts are still logs', () => {
  for (const f of ['generated/postfix-maillog.log', 'generated/swaks-pipelining.txt', 'exim/mainlog.log', 'sendmail/maillog.log']) {
    assert.equal(sniffLanguage(head(read(f))), 'smtp-log', f);
  }
});

test('a bounce forwarded by a user (quoted with "> ") and text pasted without headers are claimed', () => {
  const fwd = 'From: Lee <lee@example.org>\nTo: helpdesk@example.org\nSubject: Fwd: Undeliverable: offer\n\nWhat does this mean?\n\n> Delivery has failed to these recipients or groups:\n>\n> yusuf@example.com\n';
  assert.equal(sniffLanguage(fwd), 'smtp-ndr');
  assert.equal(sniffLanguage("Remote Server returned '550 5.7.606 Access denied, banned sending IP [203.0.113.5].'\n"), 'smtp-ndr');
  assert.equal(sniffLanguage('#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##\n'), 'smtp-ndr');
});

test('header evidence alone: a multipart/report of delivery-status, or X-Failed-Recipients', () => {
  assert.equal(sniffLanguage('Content-Type: multipart/report;\n\treport-type=delivery-status; boundary=x\nSubject: s\n\n--x\n'), 'smtp-ndr');
  assert.equal(sniffLanguage('From: a@example.org\nX-Failed-Recipients: b@example.com\nSubject: hi\n\nbody\n'), 'smtp-ndr');
  assert.equal(sniffLanguage('From: Mail Delivery System <MAILER-DAEMON@example.org>\nSubject: Mail delivery failed\n\nsomething\n'), 'smtp-ndr');
  assert.equal(sniffLanguage('From: postmaster@example.org\nSubject: Your password expires\n\nChange it.\n'), undefined);
});
