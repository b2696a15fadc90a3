import { z } from 'zod'
import { sessionPatchSchema, type SessionState } from '../../models/session'
import { defineInvoke } from '../define'

/**
 * The person's place in the journey (target, mapping edits, the upload shown), kept on the main
 * side so a reload or a host restart reattaches to it. Files come back through `files:list`.
 */
export const SESSION_INVOKE = {
  /** The saved session (empty when nothing was saved or the file was unreadable). */
  'session:get': defineInvoke<SessionState>()(z.undefined()),
  /** Replaces the fields given and writes the session atomically; answers the saved session. */
  'session:update': defineInvoke<SessionState>()(sessionPatchSchema),
} as const

/** Session events (none: the renderer that writes the session is the one that reads it). */
export const SESSION_EVENTS = {} as const
