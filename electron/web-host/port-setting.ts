import { parseArgs } from 'node:util'

/** The port `npm run web` tries first; taken ports fall back to a free one. */
export const DEFAULT_WEB_PORT = 5217

/** Which port to listen on, and whether the user asked for it (then no fallback). */
export type PortSetting =
  | { readonly ok: true; readonly port: number; readonly explicit: boolean }
  | { readonly ok: false; readonly message: string }

/**
 * Reads the port from `--port N` (or `--port=N`), else `LOGDROP_PORT`, else the default.
 *
 * `0` means "any free port". An explicit port that is taken is an error rather than a
 * surprise elsewhere, so bookmarks and firewall rules stay right.
 */
export function readPortSetting(argv: readonly string[], env: NodeJS.ProcessEnv): PortSetting {
  let fromArgs: string | undefined
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { port: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    })
    fromArgs = values.port
  } catch (error) {
    return { ok: false, message: (error as Error).message }
  }
  const raw = fromArgs ?? (env['LOGDROP_PORT'] === '' ? undefined : env['LOGDROP_PORT'])
  if (raw === undefined) return { ok: true, port: DEFAULT_WEB_PORT, explicit: false }
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN
  if (!(port >= 0 && port <= 65535)) {
    return { ok: false, message: `Not a port number: ${raw} (use 0 to 65535).` }
  }
  return { ok: true, port, explicit: true }
}
