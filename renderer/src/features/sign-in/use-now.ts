import { useEffect, useState } from 'react'

/**
 * The current time (ms since epoch), refreshed every `intervalMs` while `running`; for
 * countdowns. Stops ticking when not running, so an idle screen does not re-render.
 */
export function useNow(running: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!running) return
    const tick = () => setNow(Date.now())
    const timer = setInterval(tick, intervalMs)
    // Catch up at once: the value may be stale from the last time it ran.
    const first = setTimeout(tick, 0)
    return () => {
      clearInterval(timer)
      clearTimeout(first)
    }
  }, [running, intervalMs])
  return now
}
