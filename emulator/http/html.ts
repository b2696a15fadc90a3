/** Escapes text for an HTML element or a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

const STYLE = `
  :root { color-scheme: light dark; font-family: "Segoe UI", system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; }
  main { width: min(440px, 92vw); padding: 32px; border: 1px solid GrayText; border-radius: 4px; }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0 0 8px; }
  p { line-height: 1.4; }
  .note { font-size: .85rem; color: GrayText; }
  .error { color: #c50f1f; }
  .accounts { list-style: none; padding: 0; margin: 16px 0; display: grid; gap: 8px; }
  button { font: inherit; cursor: pointer; padding: 10px 14px; border-radius: 4px; }
  .account { width: 100%; text-align: left; display: grid; border: 1px solid GrayText; background: transparent; color: CanvasText; }
  .account small { color: GrayText; }
  .account:focus-visible, .secondary:focus-visible, .primary:focus-visible { outline: 2px solid Highlight; outline-offset: 2px; }
  .primary { background: #0f6cbd; color: white; border: none; }
  .secondary { background: transparent; color: CanvasText; border: 1px solid GrayText; }
  label { display: block; margin: 12px 0 4px; }
  input[type=text] { font: inherit; width: 100%; box-sizing: border-box; padding: 8px; }
  .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 16px; }
`

/** Wraps page content in the emulator's sign-in page layout. */
export function page(title: string, body: string, scriptNonce?: string, script?: string): string {
  const scriptTag =
    scriptNonce !== undefined && script !== undefined
      ? `<script nonce="${scriptNonce}">${script}</script>`
      : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
<p class="note">LogDrop local Azure emulator: no real account or cloud is involved.</p>
</main>
${scriptTag}
</body>
</html>`
}
