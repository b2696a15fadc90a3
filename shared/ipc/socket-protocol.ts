import { z } from 'zod'

/**
 * Messages on the browser host's WebSocket: the same contract as Electron's IPC, framed as JSON.
 *
 * The renderer sends `invoke` frames; the host answers each with a `result` frame carrying the
 * same id, and pushes `event` frames. Frames from the renderer are validated with these schemas
 * before anything else reads them; the payload itself is then validated per channel.
 */
export const clientFrameSchema = z
  .object({
    type: z.literal('invoke'),
    id: z.number().int().nonnegative(),
    channel: z.string().max(100),
    // Optional: JSON drops `undefined`, so a request without a payload arrives without the key.
    payload: z.unknown().optional(),
  })
  .strict()

export type ClientFrame = z.infer<typeof clientFrameSchema>

export type ServerFrame =
  | { readonly type: 'result'; readonly id: number; readonly result: unknown }
  | { readonly type: 'event'; readonly event: string; readonly payload: unknown }

/** The largest frame the host accepts from a renderer (file contents never travel this way). */
export const MAX_CLIENT_FRAME_BYTES = 1024 * 1024

/** Path of the socket, relative to the secret-bearing base URL the host prints. */
export const SOCKET_PATH = 'ws'
