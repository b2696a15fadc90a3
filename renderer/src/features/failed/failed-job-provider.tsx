import { createContext, use, useMemo, useState, type ReactNode } from 'react'

export interface FailedJobValue {
  /** The upload whose failed records the screen shows (null: the latest with failures). */
  readonly jobId: string | null
  choose(jobId: string): void
}

const FailedJobContext = createContext<FailedJobValue | null>(null)

/** Which upload the Failed records screen shows, chosen from History or the Upload summary. */
export function FailedJobProvider({ children }: { readonly children: ReactNode }) {
  const [jobId, setJobId] = useState<string | null>(null)
  const value = useMemo<FailedJobValue>(() => ({ jobId, choose: setJobId }), [jobId])
  return <FailedJobContext value={value}>{children}</FailedJobContext>
}

/** The upload chosen for the Failed records screen. */
export function useFailedJob(): FailedJobValue {
  const value = use(FailedJobContext)
  if (value === null) throw new Error('useFailedJob() needs a <FailedJobProvider> above it')
  return value
}
