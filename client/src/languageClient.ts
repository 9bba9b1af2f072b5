/**
 * The Node language client, bundled on its own (dist/languageClient.js, about 0.7 MB of library): the
 * desktop entry loads it when the first SMTP document opens or a command needs the server.
 */
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

export function newNodeLanguageClient(id: string, name: string, serverModule: string, options: LanguageClientOptions): LanguageClient {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  return new LanguageClient(id, name, serverOptions, options);
}
