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
