// A minimal VS Code client for `ictarch lsp`: starts the server over stdio for the YAML files of
// province models. Install: cd editors/vscode && npm install && npx @vscode/vsce package, then
// "Extensions: Install from VSIX...". The YAML extension (redhat.vscode-yaml) still gives schema checks.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("ictarch").get("command");
  client = new LanguageClient(
    "ictarch",
    "ictarch",
    { command, args, transport: TransportKind.stdio },
    { documentSelector: [{ scheme: "file", language: "yaml" }] }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
