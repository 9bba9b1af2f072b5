/**
 * Non-English reply texts that large providers and localised servers send for the common cases
 * (unknown user, mailbox full, message too big, relay refused, spam, disabled account): German,
 * French, Japanese, Spanish, Italian, Portuguese, Dutch, Polish, Russian, Chinese. The hover
 * explains them in English and names the language.
 */
import type { VendorRule } from '../types';
import { CHECK, SRC, rx } from '../common';

const V = 'localised reply text';
const SOURCES = [SRC.observedLocalised, SRC.sisimaiI18n];

const userUnknown = (id: string, language: string, pattern: RegExp, examples?: string[]): VendorRule => ({
  examples,
  id: `i18n.${id}.user-unknown`, vendor: `${V} (${language})`, pattern, classes: ['permanent', 'transient'], priority: 1,
  title: `The recipient address does not exist (${language} text)`,
  description: `The receiving server says, in ${language}, that the user or address is unknown. Same meaning as 550 5.1.1: check the address; resending unchanged fails again.`,
  causes: ['typo in the recipient address', 'the mailbox was deleted or never existed'],
  checks: [CHECK.recipientAddress, 'Reach the person another way and ask for the current address'],
  actors: ['sender'], reason: 'userunknown', sources: SOURCES,
});
const mailboxFull = (id: string, language: string, pattern: RegExp, examples?: string[]): VendorRule => ({
  examples,
  id: `i18n.${id}.mailbox-full`, vendor: `${V} (${language})`, pattern, classes: ['permanent', 'transient'], priority: 1,
  title: `The recipient's mailbox is full (${language} text)`,
  description: `The receiving server says, in ${language}, that the mailbox is full or over quota. The recipient must free space; with a 4xx code the sender retries meanwhile.`,
  causes: ['recipient over quota', 'an abandoned mailbox'],
  checks: [CHECK.quota, 'Tell the recipient by another channel'],
  actors: ['recipient'], reason: 'mailboxfull', sources: SOURCES,
});
const tooBig = (id: string, language: string, pattern: RegExp, examples?: string[]): VendorRule => ({
  examples,
  id: `i18n.${id}.too-big`, vendor: `${V} (${language})`, pattern, priority: 1,
  title: `The message is too big (${language} text)`,
  description: `The receiving server says, in ${language}, that the message exceeds its size limit.`,
  causes: ['large attachments (base64 adds about a third)'], checks: [CHECK.messageSize, 'Send large files through a share link'],
  actors: ['sender'], reason: 'mesgtoobig', sources: SOURCES,
});
const relay = (id: string, language: string, pattern: RegExp, examples?: string[]): VendorRule => ({
  examples,
  id: `i18n.${id}.relay`, vendor: `${V} (${language})`, pattern, priority: 1,
  title: `Relaying refused (${language} text)`,
  description: `The receiving server says, in ${language}, that it does not relay: it is not responsible for the recipient domain and the client is not authenticated.`,
  causes: ['client sending without authentication', 'wrong MX for the recipient domain'], checks: [CHECK.relayRights, CHECK.authConfig, CHECK.mxTarget],
  actors: ['senderAdmin', 'recipientAdmin'], reason: 'norelaying', sources: SOURCES,
});
const disabled = (id: string, language: string, pattern: RegExp, examples?: string[]): VendorRule => ({
  examples,
  id: `i18n.${id}.disabled`, vendor: `${V} (${language})`, pattern, priority: 1,
  title: `The recipient's account is disabled or blocked (${language} text)`,
  description: `The receiving server says, in ${language}, that the account is disabled, suspended or blocked.`,
  causes: ['account disabled or inactive'], checks: ['Reach the recipient another way'], actors: ['recipient', 'recipientAdmin'], reason: 'suspend', sources: SOURCES,
});
const spam = (id: string, language: string, pattern: RegExp, examples?: string[]): VendorRule => ({
  examples,
  id: `i18n.${id}.spam`, vendor: `${V} (${language})`, pattern, priority: 1,
  title: `Refused as spam or by the receiver's filter (${language} text)`,
  description: `The receiving server says, in ${language}, that the message was refused as spam or by its filter.`,
  causes: ['spam-like content or links', 'sender reputation', 'missing SPF/DKIM/DMARC'], checks: [CHECK.spamFilterLogs, CHECK.blocklists, CHECK.dkim],
  actors: ['senderAdmin', 'recipientAdmin'], reason: 'spamdetected', sources: SOURCES,
});

export const I18N_RULES: readonly VendorRule[] = [
  // German
  userUnknown('de', 'German', rx([
    'Benutzer (?:ist )?unbekannt',
    'unbekannte[rn]? (?:Benutzer|Empf[aä]e?nger|Adresse|Mailbox|Postfach)',
    'Empf[aä]e?nger (?:ist )?unbekannt',
    '(?:Postfach|Empf[aä]e?nger|Adresse|Benutzer|Mailbox|Konto) (?:existiert nicht|nicht vorhanden|nicht gefunden)',
    'gibt es nicht',
  ]), ['550 5.1.1 <bob@example.de>: Benutzer unbekannt']),
  mailboxFull('de', 'German', rx([
    'Postfach (?:ist )?(?:voll|[uü]berf[uü]llt)',
    'Mailbox (?:ist )?voll',
    'Speicherplatz (?:ist )?(?:voll|ersch[oö]pft|[uü]berschritten)',
    'Quota (?:ist )?[uü]berschritten',
    'Speicherkontingent',
  ]), ['552 5.2.2 Postfach voll']),
  tooBig('de', 'German', rx([
    'Nachricht (?:ist )?zu gro(?:ß|ss)',
    'E-?Mail (?:ist )?zu gro(?:ß|ss)',
    'maximale (?:Nachrichten)?gr[oö](?:ß|ss)e (?:[uü]berschritten|erreicht)',
  ]), ['552 5.3.4 Nachricht ist zu groß']),
  relay('de', 'German', rx([
    'Relaying (?:ist )?nicht (?:erlaubt|gestattet)',
    'Weiterleitung (?:nicht erlaubt|verweigert)',
  ]), ['550 5.7.1 Relaying nicht erlaubt']),
  disabled('de', 'German', /(?:Konto|Postfach|Benutzerkonto) (?:ist )?(?:gesperrt|deaktiviert|stillgelegt)/i, ['550 5.2.1 Konto ist gesperrt']),
  spam('de', 'German', rx([
    'als Spam (?:erkannt|eingestuft|abgewiesen)',
    'Spamverdacht',
    'Spam-?Verdacht',
  ]), ['550 5.7.1 Nachricht als Spam erkannt']),
  // French
  userUnknown('fr', 'French', rx([
    'utilisateur (?:inconnu|inexistant)',
    'destinataire (?:inconnu|inexistant|invalide)',
    'adresse (?:inconnue|inexistante|invalide)',
    '(?:bo[iî]te|compte|adresse|utilisateur) (?:aux lettres )?n\'existe pas',
    'n\'existe pas',
  ]), ['550 5.1.1 <bob@example.fr>: utilisateur inconnu']),
  mailboxFull('fr', 'French', rx([
    'bo[iî]te (?:aux lettres |mail |du destinataire )?(?:est )?pleine',
    'quota (?:d[ée]pass[ée]|atteint)',
    'espace de stockage (?:plein|insuffisant)',
  ]), ['552 5.2.2 boîte pleine']),
  tooBig('fr', 'French', rx([
    'message (?:trop (?:gros|volumineux|grand))',
    'taille (?:maximale|limite) (?:du message )?(?:d[ée]pass[ée]e|atteinte)',
  ]), ['552 5.3.4 Message trop volumineux']),
  relay('fr', 'French', /relais (?:refus[ée]|interdit|non autoris[ée])/i, ['550 5.7.1 Relais refusé']),
  disabled('fr', 'French', /compte (?:d[ée]sactiv[ée]|suspendu|bloqu[ée]|ferm[ée])/i, ['550 5.2.1 Compte désactivé']),
  spam('fr', 'French', rx([
    'consid[ée]r[ée] comme (?:un )?spam',
    'courrier ind[ée]sirable',
    'pourriel',
  ]), ['550 5.7.1 Message considéré comme spam']),
  // Japanese
  userUnknown('ja', 'Japanese', rx([
    'ユーザー?(?:は|が)?存在しません',
    '存在しないユーザー?',
    '宛先不明',
    '(?:宛先|受信者)(?:の)?(?:メール)?アドレスが(?:存在しません|見つかりません)',
    '該当するユーザー?がいません',
    'アカウントが存在しません',
  ], ''), ['550 5.1.1 ユーザーが存在しません', '550 5.1.1 宛先不明']),
  mailboxFull('ja', 'Japanese', rx([
    'メールボックス(?:が|の容量が)?(?:いっぱい|一杯|満杯)',
    '容量(?:超過|オーバー|を超えて)',
    'メールボックスの容量',
  ], ''), ['552 5.2.2 メールボックスがいっぱいです']),
  tooBig('ja', 'Japanese', rx([
    'メール(?:の)?サイズ(?:が|の)?(?:大きすぎ|上限|制限)',
    'サイズ制限を超え',
  ], ''), ['552 5.3.4 メールのサイズが大きすぎます']),
  spam('ja', 'Japanese', rx([
    '受信拒否',
    '迷惑メール(?:と判定|として)',
  ], ''), ['550 5.7.1 迷惑メールと判定されました']),
  // Spanish
  userUnknown('es', 'Spanish', rx([
    'usuario (?:desconocido|inexistente|no existe)',
    'destinatario (?:desconocido|inexistente|no existe)',
    'direcci[oó]n (?:desconocida|inexistente|no existe)',
    'buz[oó]n (?:no existe|inexistente)',
    'la cuenta no existe',
    'no existe (?:el|la) (?:usuario|cuenta|buz[oó]n)',
  ]), ['550 5.1.1 usuario desconocido']),
  mailboxFull('es', 'Spanish', rx([
    'buz[oó]n (?:est[aá] )?(?:lleno|completo|excedido)',
    'cuota (?:excedida|superada)',
    'espacio (?:insuficiente|agotado)',
  ]), ['552 5.2.2 buzón lleno']),
  tooBig('es', 'Spanish', rx([
    'mensaje (?:demasiado (?:grande|extenso))',
    'tama[nñ]o (?:m[aá]ximo )?(?:excedido|superado)',
  ]), ['552 5.3.4 Mensaje demasiado grande']),
  relay('es', 'Spanish', rx([
    'relay no permitido',
    'reenv[ií]o no permitido',
    'retransmisi[oó]n (?:denegada|no permitida)',
  ]), ['550 5.7.1 Relay no permitido']),
  disabled('es', 'Spanish', /cuenta (?:desactivada|suspendida|bloqueada|deshabilitada)/i, ['550 5.2.1 Cuenta desactivada']),
  // Italian
  userUnknown('it', 'Italian', rx([
    'utente (?:sconosciuto|inesistente|non esiste)',
    'destinatario (?:sconosciuto|inesistente)',
    'indirizzo (?:inesistente|sconosciuto)',
    'casella (?:inesistente|non esiste)',
  ]), ['550 5.1.1 utente sconosciuto']),
  mailboxFull('it', 'Italian', rx([
    'casella (?:di posta )?(?:piena|satura)',
    'spazio (?:esaurito|insufficiente)',
    'quota (?:superata|esaurita)',
  ]), ['552 5.2.2 Casella piena']),
  // Portuguese
  userUnknown('pt', 'Portuguese', rx([
    'usu[aá]rio (?:desconhecido|inexistente|n[aã]o existe)',
    'destinat[aá]rio (?:desconhecido|inexistente)',
    'endere[cç]o (?:inexistente|desconhecido)',
    'conta n[aã]o existe',
  ]), ['550 5.1.1 Usuário desconhecido']),
  mailboxFull('pt', 'Portuguese', rx([
    'caixa (?:postal |de correio )?(?:cheia|lotada)',
    'cota (?:excedida|ultrapassada)',
  ]), ['552 5.2.2 Caixa postal cheia']),
  // Dutch
  userUnknown('nl', 'Dutch', rx([
    '(?:gebruiker|ontvanger|adres) (?:is )?onbekend',
    'onbekende (?:gebruiker|ontvanger)',
    'bestaat niet',
  ]), ['550 5.1.1 Gebruiker onbekend']),
  mailboxFull('nl', 'Dutch', rx([
    '(?:mailbox|postbus|brievenbus) (?:is )?vol',
    'quotum (?:overschreden|bereikt)',
  ]), ['552 5.2.2 Mailbox is vol']),
  // Polish
  userUnknown('pl', 'Polish', rx([
    'u[zż]ytkownik (?:nie istnieje|nieznany)',
    'nieznany (?:u[zż]ytkownik|adresat)',
    'adres nie istnieje',
    'skrzynka nie istnieje',
  ]), ['550 5.1.1 Użytkownik nie istnieje']),
  mailboxFull('pl', 'Polish', rx([
    'skrzynka (?:jest )?(?:pe[lł]na|przepe[lł]niona)',
    'przekroczon[oya] (?:limit|quot)',
  ]), ['552 5.2.2 Skrzynka jest pełna']),
  // Russian
  userUnknown('ru', 'Russian', rx([
    'пользовател[ья] (?:не (?:найден|существует)|нет)',
    'нет такого (?:пользователя|ящика|адреса)',
    '(?:адрес|ящик|получатель) не (?:существует|найден)',
  ]), ['550 5.1.1 Пользователь не найден']),
  mailboxFull('ru', 'Russian', rx([
    'ящик (?:переполнен|заполнен)',
    'превышен[аоы]? (?:квот|лимит|размер ящика)',
  ]), ['552 5.2.2 Ящик переполнен']),
  // Chinese (simplified and traditional)
  userUnknown('zh', 'Chinese', rx([
    '(?:用户|用戶|收件人|邮箱|郵箱|信箱|帐号|帳號|账户)(?:名)?不存在',
    '无此用户',
    '無此用戶',
    '查无此人',
    '查無此人',
  ], ''), ['550 5.1.1 用户不存在']),
  mailboxFull('zh', 'Chinese', rx([
    '(?:邮箱|郵箱|信箱)(?:已满|已滿|空间不足|空間不足|容量不足)',
    '超出(?:邮箱|郵箱)?(?:容量|配额)',
  ], ''), ['552 5.2.2 邮箱已满']),
  spam('zh', 'Chinese', rx([
    '垃圾邮件',
    '垃圾郵件',
  ], ''), ['550 5.7.1 垃圾邮件']),
];
