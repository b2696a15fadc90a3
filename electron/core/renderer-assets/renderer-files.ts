import { readFile, realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { contentTypeFor } from './content-types'

/** A request path turned into a file inside the renderer folder, or a refusal. */
export type RendererPathResolution =
  | { readonly ok: true; readonly relativePath: string }
  | { readonly ok: false; readonly status: 400 }

/**
 * Turns the part of a URL path below the app's base into a relative file path, refusing
 * anything that could leave the renderer folder.
 *
 * `urlPath` is still percent-encoded (as in `URL.pathname`). Refused: backslashes and encoded
 * separators, NUL, `.` / `..` segments (also as `%2e%2e`), empty segments (`//etc`), and colons
 * (Windows drives and alternate data streams). A path ending in `/` means its `index.html`.
 */
export function resolveRendererPath(urlPath: string): RendererPathResolution {
  const bad = { ok: false, status: 400 } as const
  if (urlPath.includes('\\') || /%(?:2f|5c|00)/i.test(urlPath)) return bad
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.startsWith('/') ? urlPath.slice(1) : urlPath)
  } catch {
    return bad
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return bad
  const segments = decoded === '' ? [''] : decoded.split('/')
  const last = segments.length - 1
  for (const [index, segment] of segments.entries()) {
    if (segment === '' && index !== last) return bad
    if (segment === '.' || segment === '..' || segment.includes(':')) return bad
  }
  if (segments[last] === '') segments[last] = 'index.html'
  return { ok: true, relativePath: segments.join('/') }
}

/** True when `candidate` is `root` itself or lies below it (both absolute, normalised). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/** A renderer file ready to send, or the status to answer with. */
export type RendererFile =
  | {
      readonly ok: true
      readonly body: Buffer
      readonly contentType: string
      /** index.html must never be cached: it names the hashed bundles of this build. */
      readonly isDocument: boolean
    }
  | { readonly ok: false; readonly status: 400 | 404 }

/**
 * Reads a file of the built renderer for a request path, for both the browser host and the
 * Electron app:// protocol.
 *
 * After the path checks, the real path (symlinks resolved) must still lie inside the real
 * renderer folder, and it must be a regular file; anything else is a 404.
 */
export async function readRendererFile(rootDir: string, urlPath: string): Promise<RendererFile> {
  const resolution = resolveRendererPath(urlPath)
  if (!resolution.ok) return resolution
  const notFound = { ok: false, status: 404 } as const
  try {
    const root = await realpath(rootDir)
    const wanted = resolve(root, ...resolution.relativePath.split('/'))
    if (!isInside(root, wanted)) return notFound
    const real = await realpath(wanted)
    if (!isInside(root, real) || !(await stat(real)).isFile()) return notFound
    return {
      ok: true,
      body: await readFile(real),
      contentType: contentTypeFor(real),
      isDocument: resolution.relativePath.endsWith('.html'),
    }
  } catch {
    return notFound
  }
}
