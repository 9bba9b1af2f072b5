/**
 * DNS block lists named in reject texts ("blocked using zen.spamhaus.org", "listed at ...", query
 * URLs): what a listing means and where delisting happens. The sending side acts: find and stop
 * the cause first (a list re-adds an IP that keeps sending), then request removal.
 */
import type { VendorRule } from '../types';
import { CHECK, SRC, rx } from '../common';

const SH = 'Spamhaus';
const SH_CHECK = 'https://check.spamhaus.org/';
const REMOVE_AFTER_FIX = 'Request removal only after the cause is fixed: a list re-adds an IP (or domain) that keeps sending';

export const DNSBL_RULES: readonly VendorRule[] = [
  {
    id: 'dnsbl.spamhaus.pbl', vendor: SH, pattern: /\bPBL\b|pbl\.spamhaus/i, priority: 3,
    examples: ['550 5.7.1 <bob@example.com>... Rejected: IP in SpamHaus PBL, see http://www.spamhaus.org/query/bl?ip=192.0.2.10'],
    title: 'Spamhaus PBL: the IP is in a range that should not send mail directly',
    description: 'The Policy Block List holds end-user and dynamic IP ranges (listed by the ISP, return code 127.0.0.10, or by Spamhaus, 127.0.0.11). It is not a spam verdict: mail from such IPs must go through the provider\'s authenticated relay. A legitimate server on a static IP can be removed at check.spamhaus.org (if the ISP listed the range, ask the ISP).',
    causes: ['a mail server or device sending directly from a dynamic/residential or cloud range', 'a static IP the ISP still lists as end-user space'],
    checks: [CHECK.sendingIp, 'Send through the ISP\'s or a mail service\'s relay, or request PBL removal for a real mail server with proper rDNS', CHECK.ptr],
    actors: ['senderAdmin'], reason: 'blocked', links: [SH_CHECK], sources: [SRC.spamhaus, SRC.spamhausCheck],
  },
  {
    id: 'dnsbl.spamhaus.xbl', vendor: SH, pattern: /\bXBL\b|xbl\.spamhaus|\bCBL\b|abuseat\.org/i, priority: 3,
    examples: ['553 5.7.1 [BL21] Connections not accepted from IP addresses on Spamhaus XBL'],
    title: 'Spamhaus XBL: the IP shows signs of infection (botnet, proxy, compromised host)',
    description: 'The Exploits Block List (127.0.0.4-7, incorporating the former CBL) lists IPs seen running malware, open proxies or spam bots. Something behind that IP (often behind NAT, not necessarily the mail server) is infected.',
    causes: ['malware on a machine behind the same public IP (NAT)', 'a compromised server or IoT device', 'an open proxy'],
    checks: ['Find and clean the infected device behind the public IP (firewall logs of outbound port 25, DNS queries to botnet domains)', 'Block outbound port 25 for everything except the mail server', REMOVE_AFTER_FIX + ' (check.spamhaus.org, self-service for XBL)'],
    actors: ['senderAdmin'], reason: 'blocked', links: [SH_CHECK], sources: [SRC.spamhaus, SRC.spamhausCheck],
  },
  {
    id: 'dnsbl.spamhaus.css', vendor: SH, pattern: /SBLCSS|Spamhaus CSS|\bCSS\b.{0,60}spamhaus|spamhaus.{0,100}\bCSS\b/i, priority: 3,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.9 CSS'],
    title: 'Spamhaus CSS: the IP sent low-reputation mail (snowshoe spam, compromised accounts)',
    description: 'The CSS component of the SBL (127.0.0.3) lists IPs sending low-reputation mail: snowshoe campaigns, bulk mail with bad practices, compromised webmail/CMS accounts. Removal is self-service once the cause is fixed.',
    causes: ['a compromised mail account or web form sending spam', 'bulk mail to unconsented lists'], checks: [CHECK.compromise, 'The server\'s outbound log for unusual volume or senders', REMOVE_AFTER_FIX],
    actors: ['senderAdmin'], reason: 'blocked', links: [SH_CHECK], sources: [SRC.spamhaus, SRC.spamhausCheck],
  },
  {
    id: 'dnsbl.spamhaus.sbl', vendor: SH, pattern: /\bSBL\d{0,9}\b|sbl\.spamhaus|sbl-xbl\.spamhaus|sbl\/query/i, priority: 2,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using sbl.spamhaus.org'],
    title: 'Spamhaus SBL: the IP is listed as a spam source or spam support service',
    description: 'The Spamhaus Block List (127.0.0.2; DROP ranges 127.0.0.9) lists IPs verified as spam sources or spam operations. The SBL record (the SBLnnnnn number in the URL) explains why; removal usually needs the IP owner (ISP/hoster) to act.',
    causes: ['spam sent from the IP or range', 'the range is controlled by a spam operation (DROP)'], checks: ['Read the SBL record named in the text', 'Contact the ISP/hoster who owns the range', REMOVE_AFTER_FIX],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://www.spamhaus.org/sbl/'], sources: [SRC.spamhaus],
  },
  {
    id: 'dnsbl.spamhaus.dbl', vendor: SH, pattern: /\bDBL\b|dbl\.spamhaus|domain present in the Spamhaus/i, priority: 3,
    examples: [
      '554 5.7.1 Service unavailable; Helo command [mail.example.com] blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/dbl?domain=example.com',
    ],
    title: 'Spamhaus DBL: a domain in the message (HELO, sender or a link) has bad reputation',
    description: 'The Domain Block List (127.0.1.x: .2 spam, .4 phishing, .5 malware, .6 botnet C&C, .102-106 abused legitimate domains) lists domains. The receiver checked the HELO name, the sender domain or the URLs in the body against it.',
    causes: ['a link to a listed domain in the message (shorteners, tracking domains)', 'the sender or HELO domain itself listed (compromised website)'],
    checks: ['Which domain is listed: the HELO name, the sender domain, or a URL in the message (check.spamhaus.org)', 'Remove or replace the listed links', REMOVE_AFTER_FIX],
    actors: ['senderAdmin', 'sender'], reason: 'blocked', links: [SH_CHECK], sources: [SRC.spamhaus, SRC.spamhausCheck],
  },
  {
    id: 'dnsbl.spamhaus.zen', vendor: SH, pattern: /zen\.spamhaus|spamhaus\.org\/query|spamhaus\.org\/(?:lookup|ip)|Spamhaus/i, priority: 1,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.10'],
    title: 'Spamhaus (ZEN): the sending IP is on a Spamhaus list',
    description: 'ZEN combines SBL (spam source, 127.0.0.2), CSS (low reputation, .3), XBL (infected, .4-.7), DROP (.9) and PBL (end-user range, .10/.11). The lookup at check.spamhaus.org says which one and how to get removed.',
    causes: ['spam or malware from the IP', 'a dynamic/end-user IP range sending directly (PBL)'], checks: ['check.spamhaus.org for the IP: which component lists it', CHECK.compromise, CHECK.sendingIp, REMOVE_AFTER_FIX],
    actors: ['senderAdmin'], reason: 'blocked', links: [SH_CHECK], sources: [SRC.spamhaus, SRC.spamhausCheck],
  },
  {
    id: 'dnsbl.barracuda', vendor: 'Barracuda Reputation Block List', pattern: /barracudacentral|Barracuda Reputation|\bBRBL\b|b\.barracuda/i, priority: 2,
    examples: [
      '550 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using Barracuda Reputation; http://www.barracudacentral.org/reputation.cgi?r=1&ip=192.0.2.10',
    ],
    title: 'Barracuda Reputation Block List (BRBL) lists the sending IP',
    description: 'Barracuda\'s list of IPs that sent spam to its appliances. Removal is requested at barracudacentral.org (usually within hours) after fixing the cause.',
    causes: ['spam from the IP', 'a compromised account or server'], checks: ['barracudacentral.org lookup and removal request', CHECK.compromise, REMOVE_AFTER_FIX],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://www.barracudacentral.org/lookups'], sources: [SRC.barracuda],
  },
  {
    id: 'dnsbl.spamcop', vendor: 'SpamCop', pattern: /spamcop/i, priority: 2,
    examples: ['550 5.7.1 Service unavailable; client [192.0.2.10] blocked using bl.spamcop.net'],
    title: 'SpamCop Blocking List lists the sending IP',
    description: 'SpamCop lists IPs reported by users for spam (and spam traps). Listings expire automatically about 24 hours after reports stop; there is no manual removal.',
    causes: ['recipients reported mail from the IP as spam', 'hits on spam traps'], checks: ['spamcop.net/bl.shtml lookup: the reason and expiry', CHECK.compromise, 'Stop the source; the listing expires by itself'],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://www.spamcop.net/bl.shtml'], sources: [SRC.spamcop],
  },
  {
    id: 'dnsbl.sorbs', vendor: 'SORBS (defunct)', pattern: /sorbs/i, priority: 2,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using dnsbl.sorbs.net'],
    title: 'SORBS listing: a list that no longer exists (shut down in 2024)',
    description: 'SORBS was shut down by Proofpoint in June 2024. A receiver still rejecting with a SORBS zone has a stale configuration (the zone may return listings for everything or nothing). The receiving administrator should remove SORBS from its checks.',
    causes: ['the receiver still queries the retired SORBS zones'], checks: ['Tell the recipient\'s administrator to remove dnsbl.sorbs.net from the configuration', CHECK.blocklists],
    actors: ['recipientAdmin'], reason: 'blocked', sources: [SRC.sorbs],
  },
  {
    id: 'dnsbl.uceprotect', vendor: 'UCEPROTECT', pattern: /uceprotect/i, priority: 2,
    examples: ['550 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using dnsbl-2.uceprotect.net'],
    title: 'UCEPROTECT lists the IP (level 1), its allocation (level 2) or its whole provider network (level 3)',
    description: 'Level 1 lists single IPs that hit spam traps and expires 7 days after the last hit; level 2 and 3 list entire provider ranges or ASNs for what neighbours did, so a clean IP can be listed. Many administrators consider levels 2 and 3 collateral damage; the recipient\'s admin can stop using them.',
    causes: ['spam trap hits from the IP (L1)', 'other customers of the same provider (L2/L3)'], checks: ['uceprotect.net rblcheck: which level lists the IP', 'Level 1: stop the source and wait for expiry; levels 2/3: ask the recipient\'s admin not to block on them, or the provider to clean its network'],
    actors: ['senderAdmin', 'recipientAdmin'], reason: 'blocked', links: ['https://www.uceprotect.net/en/rblcheck.php'], sources: [SRC.uceprotect],
  },
  {
    id: 'dnsbl.psbl', vendor: 'PSBL', pattern: /psbl\.surriel|psbl\.org|\bPSBL\b/i, priority: 2,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using psbl.surriel.com'],
    title: 'Passive Spam Block List (PSBL) lists the sending IP',
    description: 'PSBL lists IPs that sent mail to its spam traps; self-service removal at psbl.org.', causes: ['spam-trap hits'], checks: ['psbl.org lookup and removal', CHECK.compromise],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://psbl.org/'], sources: [SRC.psbl],
  },
  {
    id: 'dnsbl.mailspike', vendor: 'Mailspike', pattern: /mailspike/i, priority: 2,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using bl.mailspike.net'],
    title: 'Mailspike reputation list flags the sending IP', description: 'Mailspike scores IP reputation; listings drop as reputation improves.', causes: ['recent spam from the IP'],
    checks: ['mailspike.org lookup', CHECK.compromise], actors: ['senderAdmin'], reason: 'blocked', links: ['https://mailspike.org/'], sources: [SRC.mailspike],
  },
  {
    id: 'dnsbl.surbl-uribl', vendor: 'SURBL / URIBL', pattern: /surbl|uribl/i, priority: 2,
    examples: ['554 5.7.1 Message rejected: URL listed in multi.surbl.org'],
    title: 'A link (URL domain) in the message is on SURBL/URIBL',
    description: 'URI block lists list domains found in spam bodies. The message was refused because it links to a listed domain, not because of the sending IP.',
    causes: ['a link to a listed domain (tracking/shortener domain, a compromised site)'], checks: ['The domains linked in the message against surbl.org / uribl.com lookups', 'Remove the link or get the domain delisted'],
    actors: ['sender', 'senderAdmin'], reason: 'spamdetected', links: ['https://www.surbl.org/surbl-analysis'], sources: [SRC.surbl],
  },
  {
    id: 'dnsbl.abusix', vendor: 'Abusix Mail Intelligence', pattern: /abusix/i, priority: 2,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using combined.mail.abusix.zone'],
    title: 'Abusix Mail Intelligence lists the sending IP (or domain)', description: 'Abusix lists IPs and domains from spam-trap and abuse data; lookup and delisting at lookup.abusix.com.', causes: ['spam or exploit traffic'],
    checks: ['lookup.abusix.com', CHECK.compromise], actors: ['senderAdmin'], reason: 'blocked', links: ['https://lookup.abusix.com/'], sources: [SRC.abusix],
  },
  {
    id: 'dnsbl.cloudmark', vendor: 'Cloudmark Sender Intelligence', pattern: /cloudmark/i, priority: 2,
    examples: ['550 5.7.1 Service unavailable; Client host [192.0.2.9] blocked by Cloudmark Sender Intelligence'],
    title: 'Cloudmark Sender Intelligence flags the sending IP', description: 'Cloudmark (used by many ISPs) rates IP reputation; a reset can be requested at csi.cloudmark.com.', causes: ['reputation of the IP'],
    checks: ['csi.cloudmark.com lookup and reset request', CHECK.compromise], actors: ['senderAdmin'], reason: 'badreputation', links: ['https://csi.cloudmark.com/'], sources: ['Cloudmark Sender Intelligence https://csi.cloudmark.com/'],
  },
  {
    id: 'dnsbl.nixspam', vendor: 'NiX Spam', pattern: /nixspam|ix\.dnsbl\.manitu/i, priority: 2,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using ix.dnsbl.manitu.net'],
    title: 'NiX Spam (ix.dnsbl.manitu.net) lists the sending IP', description: 'A German spam-trap list; listings expire after some days without spam.', causes: ['spam-trap hits'],
    checks: [CHECK.compromise, 'Wait for expiry after fixing'], actors: ['senderAdmin'], reason: 'blocked', sources: ['NiX Spam blacklist https://www.nixspam.net/'],
  },
  {
    id: 'dnsbl.hostkarma', vendor: 'JunkEmailFilter (Hostkarma)', pattern: /hostkarma|(?<!NOT )junkemailfilter\.com/i, priority: 2,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using hostkarma.junkemailfilter.com'],
    title: 'JunkEmailFilter / Hostkarma lists the sending IP', description: 'A reputation list (black/brown/yellow) run by junkemailfilter.com.', causes: ['reputation of the IP'],
    checks: ['junkemailfilter.com lookup', CHECK.compromise], actors: ['senderAdmin'], reason: 'blocked', sources: ['JunkEmailFilter Hostkarma https://wiki.junkemailfilter.com/index.php/Spam_DNS_Lists'],
  },
  {
    id: 'dnsbl.invaluement', vendor: 'invaluement', pattern: /invaluement/i, priority: 2,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using dnsbl.invaluement.com'],
    title: 'invaluement lists the sending IP or domain', description: 'A commercial block list of IPs and sender domains.', causes: ['spam or snowshoe traffic'],
    checks: ['invaluement.com lookup', CHECK.compromise], actors: ['senderAdmin'], reason: 'blocked', sources: ['invaluement anti-spam DNSBL https://www.invaluement.com/'],
  },
  {
    id: 'dnsbl.dronebl', vendor: 'DroneBL', pattern: /dronebl/i, priority: 2,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using dnsbl.dronebl.org'],
    title: 'DroneBL lists the IP (drone, proxy or infected host)', description: 'DroneBL lists IPs of drones, open proxies and infected hosts.', causes: ['an infected or abused device behind the IP'],
    checks: ['Clean the device; dronebl.org lookup and removal'], actors: ['senderAdmin'], reason: 'blocked', sources: ['DroneBL https://dronebl.org/'],
  },
  {
    id: 'dnsbl.generic-zone', vendor: 'DNS block list', pattern: rx([
      'blocked using [a-z0-9.-]{3,100}',
      'listed (?:in|at|on|by) [a-z0-9-]{1,60}\\.[a-z0-9.-]{2,100}',
      'in (?:an?|the) (?:RBL|DNSBL|black ?list|block ?list)',
      'found in (?:DNS ?)?(?:black|block) ?list',
      'query\\/bl\\?ip=',
    ]), priority: 0,
    examples: ['554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using bl.example.org'],
    title: 'A DNS block list named in the text lists the sending IP (or a domain of the message)',
    description: 'The receiver queried a DNS block list (the zone is named after "blocked using" or "listed at") and got a hit. Look the IP up at that list\'s web site for the reason and the removal procedure.',
    causes: ['spam or malware traffic from the IP', 'a dynamic IP range', 'a listed domain in HELO, sender or links'],
    checks: ['The list named in the text: its lookup page gives the reason and removal procedure', CHECK.blocklists, CHECK.compromise, CHECK.sendingIp],
    actors: ['senderAdmin'], reason: 'blocked', links: ['https://mxtoolbox.com/blacklists.aspx'], sources: [SRC.mxtoolbox, SRC.postconf('default_rbl_reply')],
  },
];
