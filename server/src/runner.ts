/** Every handler runs through here: cancellation honoured, exceptions logged, never thrown. */
import type { CancellationToken, Connection } from 'vscode-languageserver';

export function runSafe<T>(connection: Connection, what: string, fallback: T, token: CancellationToken | undefined, fn: () => T): T {
  if (token?.isCancellationRequested) return fallback;
  try {
    return fn();
  } catch (e) {
    connection.console.error(`${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    return fallback;
  }
}
