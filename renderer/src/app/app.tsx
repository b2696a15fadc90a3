import { FluentProvider, makeStyles, tokens } from '@fluentui/react-components'
import type { ReactNode } from 'react'
import { AppInfoProvider } from '../features/app-info/app-info-provider'
import { FailedJobProvider } from '../features/failed/failed-job-provider'
import { FilesProvider } from '../features/files/files-provider'
import { HistoryProvider } from '../features/history/history-provider'
import { MappingProvider } from '../features/mapping/mapping-provider'
import { SessionProvider } from '../features/session/session-provider'
import { SettingsProvider, useSettings } from '../features/settings/settings-provider'
import { AuthProvider } from '../features/sign-in/auth-provider'
import { TargetProviders } from '../features/target/target-providers'
import { UploadProvider } from '../features/upload/upload-provider'
import type { ApiConnection } from '../lib/api'
import { ApiProvider } from './api-context'
import { AppHeader } from './app-header'
import { AppNav } from './app-nav'
import { ConnectionBanner } from './connection-banner'
import { ScreenErrorBoundary } from './error-boundary'
import { FLUENT_THEMES } from './fluent-themes'
import { NoticesProvider } from './notices'
import { ScreenView } from './screen-view'
import { resolveTheme } from './theme-choice'
import { useNavigation } from './use-navigation'
import { useSystemAppearance } from './use-system-appearance'

/** The whole renderer, given its connection to the main side. */
export function App({ connection }: { readonly connection: ApiConnection }) {
  return (
    <ApiProvider connection={connection}>
      <SettingsProvider>
        <AppInfoProvider>
          <ThemedRoot>
            <NoticesProvider>
              <AuthProvider>
                <SessionProvider>
                  <TargetProviders>
                    <JourneyProviders>
                      <Shell />
                    </JourneyProviders>
                  </TargetProviders>
                </SessionProvider>
              </AuthProvider>
            </NoticesProvider>
          </ThemedRoot>
        </AppInfoProvider>
      </SettingsProvider>
    </ApiProvider>
  )
}

/** Files, mappings, uploads, history and the failed-records choice, for every screen. */
function JourneyProviders({ children }: { readonly children: ReactNode }) {
  return (
    <FilesProvider>
      <MappingProvider>
        <UploadProvider>
          <HistoryProvider>
            <FailedJobProvider>{children}</FailedJobProvider>
          </HistoryProvider>
        </UploadProvider>
      </MappingProvider>
    </FilesProvider>
  )
}

const useRootStyles = makeStyles({
  root: {
    height: '100%',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
})

/** Applies the theme the settings ask for (`system` follows the OS, live). */
function ThemedRoot({ children }: { readonly children: ReactNode }) {
  const styles = useRootStyles()
  const { state } = useSettings()
  const system = useSystemAppearance()
  const kind = resolveTheme(state.saved?.theme ?? 'system', system)
  return (
    // No className on the provider: Fluent copies it onto every portal (menus, toasts), where
    // a full-height background would cover the page. Inline styles stay on this element.
    <FluentProvider
      theme={FLUENT_THEMES[kind]}
      style={{ height: '100%', colorScheme: kind === 'light' ? 'light' : 'dark' }}
      data-theme={kind}
      data-testid="theme-root"
    >
      <div className={styles.root}>{children}</div>
    </FluentProvider>
  )
}

const useShellStyles = makeStyles({
  shell: { display: 'flex', flexDirection: 'column', height: '100%' },
  skipLink: {
    position: 'absolute',
    left: tokens.spacingHorizontalS,
    top: '-100px',
    zIndex: 1000,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorBrandForegroundLink,
    boxShadow: tokens.shadow16,
    ':focus': { top: tokens.spacingVerticalS },
  },
  body: { display: 'flex', flex: 1, minHeight: 0 },
  main: {
    flex: 1,
    minWidth: 0,
    overflowY: 'auto',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXXL}`,
    ':focus': { outline: 'none' },
  },
})

/** Header, nav and the current screen, inside the page landmarks. */
function Shell() {
  const styles = useShellStyles()
  const { state, navigate, headingFocused } = useNavigation()
  return (
    <div className={styles.shell}>
      <a href="#main-content" className={styles.skipLink}>
        Skip to content
      </a>
      <AppHeader />
      <div className={styles.body}>
        <AppNav current={state.current} onNavigate={navigate} />
        <main id="main-content" tabIndex={-1} className={styles.main} data-testid="main">
          <ConnectionBanner />
          <ScreenErrorBoundary key={state.current}>
            <ScreenView
              screen={state.current}
              focusHeading={state.focusHeading}
              onHeadingFocused={headingFocused}
            />
          </ScreenErrorBoundary>
        </main>
      </div>
    </div>
  )
}
