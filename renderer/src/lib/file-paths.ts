import { BRIDGE_GLOBAL } from '../../../shared/ipc/bridge'

/**
 * The Electron preload's `pathForFile`, as an optional capability: present in the desktop app
 * (real paths of dropped or picked files, sent with `files:add`), absent in the browser host
 * (a web page never learns a path; files are uploaded to the host instead).
 */
export type PathForFile = (file: File) => string

/** The capability when the page runs in Electron with the preload, else null. */
export function pathForFileCapability(bridge: unknown = readBridge()): PathForFile | null {
  if (typeof bridge !== 'object' || bridge === null) return null
  const candidate = (bridge as { pathForFile?: unknown }).pathForFile
  if (typeof candidate !== 'function') return null
  return (file) => {
    const path: unknown = (candidate as (file: unknown) => unknown)(file)
    return typeof path === 'string' ? path : ''
  }
}

function readBridge(): unknown {
  return typeof window === 'undefined'
    ? undefined
    : (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL]
}

/** Real paths of files, leaving out any the bridge could not resolve (empty strings). */
export function realPaths(files: readonly File[], pathFor: PathForFile): string[] {
  return files.map((file) => pathFor(file)).filter((path) => path !== '')
}
