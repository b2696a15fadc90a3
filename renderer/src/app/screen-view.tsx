import { assertNever } from '../../../shared/util/assert-never'
import { DiagnosticsScreen } from '../features/diagnostics/diagnostics-screen'
import { SettingsScreen } from '../features/settings/settings-screen'
import { PendingScreen } from './pending-screen'
import type { HeadingFocus } from './screen-frame'
import { PENDING_SCREENS, type ScreenId } from './screens'

/**
 * Renders the current screen. Screens still listed in PENDING_SCREENS show their notice; when
 * an issue lands, it deletes that line and renders its screen in the switch below.
 */
export function ScreenView({ screen, ...focus }: { readonly screen: ScreenId } & HeadingFocus) {
  if (PENDING_SCREENS[screen] !== undefined) return <PendingScreen screen={screen} {...focus} />
  switch (screen) {
    case 'settings':
      return <SettingsScreen {...focus} />
    case 'diagnostics':
      return <DiagnosticsScreen {...focus} />
    case 'sign-in':
    case 'target':
    case 'files':
    case 'map':
    case 'upload':
    case 'failed-records':
    case 'history':
      // Unreachable while their issues are open (PENDING_SCREENS above).
      return <PendingScreen screen={screen} {...focus} />
    default:
      return assertNever(screen, 'Unknown screen')
  }
}
