import { useEffect, useState } from 'react'

/**
 * The time the preview checks use, refreshed every minute: the TimeGenerated window moves with
 * the clock, and a fixed value keeps renders pure and results stable between edits.
 */
export function useClock(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(timer)
  }, [everyMs])
  return now
}
