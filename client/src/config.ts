/** Typed getters over the `smtpLog` settings (no SMTP logic here). */
import * as vscode from 'vscode';

export const config = {
  sniffContent(): boolean {
    return vscode.workspace.getConfiguration('smtpLog').get<boolean>('detection.sniffContent', true);
  },
  /** how long the language server keeps running once no SMTP document is open */
  idleStopMs(): number {
    const s = vscode.workspace.getConfiguration('smtpLog').get<number>('server.idleStopSeconds', 180);
    return Math.max(1, Number.isFinite(s) ? s : 180) * 1000;
  },
};
