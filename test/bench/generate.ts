/** Deterministic generator of large Exchange-style <<< / >>> transcript logs for the benchmark. */

export function generateTranscript(targetBytes: number, seed = 42): string {
  let x = seed >>> 0;
  const rnd = (n: number) => { x = (x * 1664525 + 1013904223) >>> 0; return x % n; };
  const parts: string[] = [];
  let size = 0;
  let t = 8 * 3600;
  const ts = () => {
    const h = Math.floor(t / 3600) % 24, m = Math.floor(t / 60) % 60, s = t % 60;
    const h12 = h % 12 === 0 ? 12 : h % 12;
    return `4/2/01 ${h12}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'} : `;
  };
  while (size < targetBytes) {
    t += 1 + rnd(20);
    const ip = `192.0.2.${rnd(250) + 1}`;
    const lines: string[] = [];
    lines.push(`${ts()}A connection was accepted from ${ip}`);
    lines.push(`${ts()}>>> 220 mail.contoso.example Microsoft ESMTP MAIL Service ready`);
    lines.push(`${ts()}<<< EHLO host${rnd(1000)}.example.net`);
    lines.push(`${ts()}>>> 250-mail.contoso.example Hello [${ip}]`, '250-SIZE 10485760', '250-PIPELINING', '250 OK');
    lines.push(`${ts()}<<< MAIL FROM:<sender${rnd(5000)}@example.net>`);
    lines.push(`${ts()}>>> 250 2.1.0 Sender OK`);
    const rcpts = 1 + rnd(3);
    let accepted = 0;
    for (let r = 0; r < rcpts; r++) {
      lines.push(`${ts()}<<< RCPT TO:<user${rnd(20000)}@contoso.example>`);
      const v = rnd(20);
      if (v === 0) lines.push(`${ts()}>>> 550 5.1.1 User unknown`);
      else if (v === 1) lines.push(`${ts()}>>> 451 4.7.1 Greylisted, please try again later`);
      else { lines.push(`${ts()}>>> 250 2.1.5 Recipient OK`); accepted++; }
    }
    if (accepted) {
      lines.push(`${ts()}<<< DATA`, `${ts()}>>> 354 Start mail input; end with <CRLF>.<CRLF>`);
      lines.push(`${ts()}>>> 250 2.6.0 <${rnd(1e9)}@example.net> Queued mail for delivery`);
    }
    lines.push(`${ts()}<<< QUIT`, `${ts()}>>> 221 2.0.0 Service closing transmission channel`, '');
    const chunk = lines.join('\n') + '\n';
    parts.push(chunk);
    size += chunk.length;
  }
  return parts.join('');
}

/** Deterministic generator of an Exchange 2016 SmtpReceive protocol log with ~32 interleaved sessions. */
export function generateExchangeReceive(targetBytes: number, seed = 7): string {
  let x = seed >>> 0;
  const rnd = (n: number) => { x = (x * 1664525 + 1013904223) >>> 0; return x % n; };
  const head = ['#Software: Microsoft Exchange Server', '#Version: 15.01.2507.035', '#Log-type: SMTP Receive Protocol Log',
    '#Date: 2024-03-04T08:00:00.000Z', '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context'];
  const parts: string[] = [head.join('\r\n') + '\r\n'];
  let size = parts[0].length;
  let ms = 0, next = 0;
  interface S { id: string; remote: string; seq: number; steps: [string, string][] }
  const open: S[] = [];
  const newSession = (): S => {
    const remote = `198.51.100.${rnd(250) + 1}:${40000 + rnd(20000)}`;
    const steps: [string, string][] = [['+', ''], ['>', '"220 ex01.contoso.example Microsoft ESMTP MAIL Service ready at Mon, 4 Mar 2024 08:00:00 +0000"'],
      ['<', `EHLO host${rnd(1000)}.example.net`], ['>', '250  ex01.contoso.example Hello [198.51.100.1] SIZE 37748736 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS 8BITMIME BINARYMIME CHUNKING'],
      ['<', `MAIL FROM:<sender${rnd(5000)}@example.net>`], ['>', '250 2.1.0 Sender OK']];
    const rcpts = 1 + rnd(3);
    let ok = 0;
    for (let r = 0; r < rcpts; r++) {
      steps.push(['<', `RCPT TO:<user${rnd(20000)}@contoso.example>`]);
      const v = rnd(20);
      if (v === 0) steps.push(['>', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup']);
      else if (v === 1) steps.push(['>', '452 4.3.1 Insufficient system resources']);
      else { steps.push(['>', '250 2.1.5 Recipient OK']); ok++; }
    }
    if (ok) steps.push(['<', `BDAT ${1000 + rnd(90000)} LAST`], ['>', `250 2.6.0 <${rnd(1e9)}@example.net> [InternalId=${rnd(1e9)}, Hostname=EX01] Queued mail for delivery`]);
    steps.push(['<', 'QUIT'], ['>', '221 2.0.0 Service closing transmission channel'], ['-', '']);
    return { id: '08DC3C1E' + (next++).toString(16).toUpperCase().padStart(8, '0'), remote, seq: 0, steps };
  };
  while (size < targetBytes) {
    while (open.length < 32) open.push(newSession());
    const i = rnd(open.length);
    const s = open[i];
    const [ev, data] = s.steps[s.seq];
    ms += 1 + rnd(5);
    const t = new Date(Date.UTC(2024, 2, 4, 8) + ms).toISOString();
    const row = `${t},EX01\\Default Frontend EX01,${s.id},${s.seq},192.0.2.10:25,${s.remote},${ev},${data},\r\n`;
    parts.push(row);
    size += row.length;
    if (++s.seq === s.steps.length) open.splice(i, 1);
  }
  return parts.join('');
}
