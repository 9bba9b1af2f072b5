import type { VendorRule } from './types';
import { SRC } from './common';
import { MICROSOFT_RULES } from './rules/microsoft';
import { GOOGLE_RULES } from './rules/google';
import { PROVIDER_RULES } from './rules/providers';
import { MTA_RULES } from './rules/mta';
import { DNSBL_RULES } from './rules/dnsbl';
import { GENERIC_RULES } from './rules/generic';
import { I18N_RULES } from './rules/i18n';

/** Greetings that tell which software (or service) the remote server runs. */
const GREETING_RULES: readonly VendorRule[] = [
  {
    id: 'greeting.exchange', vendor: 'Microsoft Exchange / IIS SMTP', classes: ['success'], codes: [220], pattern: /Microsoft ESMTP MAIL Service|Microsoft Exchange/i,
    examples: ['220 EX01.corp.example.com Microsoft ESMTP MAIL Service ready at Tue, 5 Mar 2024 09:14:02 +0000'],
    title: 'Greeting of a Microsoft Exchange (or IIS SMTP) server',
    description: 'The server that answered runs Exchange or the IIS SMTP service; its logs are the SmtpReceive protocol log and message tracking.',
    causes: [], checks: [], actors: ['none'], sources: [SRC.msProto],
  },
  {
    id: 'greeting.exchange-online', vendor: 'Microsoft 365 / Exchange Online', classes: ['success'], codes: [220], pattern: /\.protection\.outlook\.com|\.outlook\.com Microsoft ESMTP/i, priority: 1,
    examples: ['220 BN8NAM12FT012.mail.protection.outlook.com Microsoft ESMTP MAIL Service ready at Mon, 2 Mar 2026 10:00:00 +0000'],
    title: 'Greeting of Exchange Online Protection (Microsoft 365)',
    description: 'The recipient domain\'s mail is hosted or filtered by Microsoft 365; its replies follow the Exchange Online NDR codes.',
    causes: [], checks: [], actors: ['none'], sources: [SRC.msExoNdr],
  },
  {
    id: 'greeting.google', vendor: 'Gmail / Google Workspace', classes: ['success'], codes: [220], pattern: /mx\.google\.com|smtp\.gmail\.com|\bgsmtp\b/i,
    examples: ['220 mx.google.com ESMTP a1si1234567qkb.123 - gsmtp'],
    title: 'Greeting of a Google (Gmail / Workspace) server', description: 'The recipient domain\'s mail is hosted by Google; its replies follow Google\'s SMTP error reference.',
    causes: [], checks: [], actors: ['none'], sources: [SRC.google],
  },
  {
    id: 'greeting.postfix', vendor: 'postfix', classes: ['success'], codes: [220], pattern: /ESMTP Postfix/i,
    examples: ['220 mx.example.test ESMTP Postfix'],
    title: 'Greeting of a postfix server', description: 'The server that answered runs postfix; its maillog explains every refusal (NOQUEUE: reject lines).',
    causes: [], checks: [], actors: ['none'], sources: [SRC.postfixSmtpd],
  },
  {
    id: 'greeting.exim', vendor: 'exim', classes: ['success'], codes: [220], pattern: /ESMTP Exim/i,
    examples: ['220 mail.example.com ESMTP Exim 4.96 Mon, 02 Mar 2026 10:00:00 +0000'],
    title: 'Greeting of an exim server', description: 'The server that answered runs exim; its mainlog and rejectlog explain refusals.',
    causes: [], checks: [], actors: ['none'], sources: [SRC.eximLog],
  },
  {
    id: 'greeting.sendmail', vendor: 'sendmail', classes: ['success'], codes: [220], pattern: /ESMTP Sendmail/i,
    examples: ['220 mail.example.com ESMTP Sendmail 8.17.1/8.17.1; Mon, 2 Mar 2026 10:00:00 +0000'],
    title: 'Greeting of a sendmail server', description: 'The server that answered runs sendmail.', causes: [], checks: [], actors: ['none'], sources: [SRC.sendmailOp],
  },
];

/**
 * Vendor knowledge keyed by code AND text (Exchange, Microsoft 365, Gmail, Yahoo, postfix, exim,
 * sendmail, DNSBLs, SPF/DKIM/DMARC, localised texts ...). Order matters only between rules of equal
 * specificity (see index.ts): earlier wins.
 */
export const VENDOR_RULES: readonly VendorRule[] = [
  ...MICROSOFT_RULES,
  ...GOOGLE_RULES,
  ...PROVIDER_RULES,
  ...DNSBL_RULES,
  ...MTA_RULES,
  ...I18N_RULES,
  ...GENERIC_RULES,
  ...GREETING_RULES,
];
