import { z } from 'zod'

/** Position and size of the main window, as remembered between launches. */
export interface WindowBounds {
  readonly x?: number
  readonly y?: number
  readonly width: number
  readonly height: number
  readonly maximized?: boolean
}

/** A display's work area (screen minus task bars), as Electron's `screen` reports it. */
export interface DisplayArea {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export const DEFAULT_WINDOW_SIZE = { width: 1200, height: 800 } as const
export const MIN_WINDOW_SIZE = { width: 760, height: 520 } as const

/** How much of the window must stay on a display for the saved position to be kept. */
const MIN_VISIBLE = { width: 120, height: 60 } as const

const savedSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean().optional(),
})

/** Reads remembered bounds from untrusted JSON; anything malformed is forgotten. */
export function parseSavedBounds(raw: unknown): WindowBounds | undefined {
  const parsed = savedSchema.safeParse(raw)
  return parsed.success ? parsed.data : undefined
}

/**
 * The bounds to open the window with.
 *
 * The size is clamped between the minimum and the largest display; the position is kept only
 * if a usable part of the window lands on a display that still exists (a monitor may have been
 * unplugged), otherwise it is dropped so Electron centres the window.
 */
export function restoreBounds(
  saved: WindowBounds | undefined,
  displays: readonly DisplayArea[],
): WindowBounds {
  if (saved === undefined) return { ...DEFAULT_WINDOW_SIZE }
  const maxWidth = Math.max(MIN_WINDOW_SIZE.width, ...displays.map((d) => d.width))
  const maxHeight = Math.max(MIN_WINDOW_SIZE.height, ...displays.map((d) => d.height))
  const width = clamp(saved.width, MIN_WINDOW_SIZE.width, maxWidth)
  const height = clamp(saved.height, MIN_WINDOW_SIZE.height, maxHeight)
  const maximized = saved.maximized === true ? { maximized: true } : {}
  if (saved.x === undefined || saved.y === undefined) return { width, height, ...maximized }
  const rect = { x: saved.x, y: saved.y, width, height }
  const visible = displays.some((display) => {
    const overlapX =
      Math.min(rect.x + width, display.x + display.width) - Math.max(rect.x, display.x)
    const overlapY =
      Math.min(rect.y + height, display.y + display.height) - Math.max(rect.y, display.y)
    // The title bar (top of the window) must be reachable, not just some corner.
    const titleOnScreen = rect.y >= display.y && rect.y < display.y + display.height
    return overlapX >= MIN_VISIBLE.width && overlapY >= MIN_VISIBLE.height && titleOnScreen
  })
  return visible ? { ...rect, ...maximized } : { width, height, ...maximized }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}
