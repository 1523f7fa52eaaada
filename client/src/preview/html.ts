// The preview page's HTML shell. It carries no document data at all: the model arrives later with
// postMessage and the page script draws it with DOM APIs, so config text can never become markup.

export interface ShellOptions {
  /** `webview.cspSource` */
  cspSource: string;
  /** Fresh per render (see `makeNonce`). */
  nonce: string;
  /** `asWebviewUri` of client/media/preview.js */
  scriptUri: string;
  /** `asWebviewUri` of client/media/preview.css */
  styleUri: string;
}

/** Content-Security-Policy of the page: nothing by default, our CSS and images, and only the nonce'd script. */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; img-src ${cspSource}; script-src 'nonce-${nonce}'`;
}

const escapeAttribute = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderShell(o: ShellOptions): string {
  const csp = escapeAttribute(contentSecurityPolicy(o.cspSource, o.nonce));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(o.styleUri)}">
<title>Simulated boot</title>
</head>
<body>
<main id="app" aria-live="polite"><p class="placeholder">Waiting for the language server…</p></main>
<script nonce="${escapeAttribute(o.nonce)}" src="${escapeAttribute(o.scriptUri)}"></script>
</body>
</html>`;
}
