/** Baseline LSP server for the benchmark: does nothing but say "opened" (transport cost only). */
import { createConnection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection();
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: 1 } }));
documents.onDidOpen(e => { void connection.sendNotification('bench/opened', { uri: e.document.uri }); });
connection.onRequest('bench/ping', () => null);
documents.listen(connection);
connection.listen();
