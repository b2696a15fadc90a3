import type { ReactNode } from 'react'
import { DiscoveryProvider } from './discovery-provider'
import { TargetStoreProvider } from './target-store-provider'

/**
 * The Target feature's state for the whole renderer: the chosen target (read by later screens
 * through useChosenTarget) and the browsing state. Needs the AuthProvider above it.
 */
export function TargetProviders({ children }: { readonly children: ReactNode }) {
  return (
    <TargetStoreProvider>
      <DiscoveryProvider>{children}</DiscoveryProvider>
    </TargetStoreProvider>
  )
}
