/** Typed getters over the `smtpLog` settings (no SMTP logic here). */
import * as vscode from 'vscode';

export const config = {
  sniffContent(): boolean {
    return vscode.workspace.getConfiguration('smtpLog').get<boolean>('detection.sniffContent', true);
  },
};
