import { assertNever } from '../../../shared/util/assert-never'
import { DiagnosticsScreen } from '../features/diagnostics/diagnostics-screen'
import { FailedScreen } from '../features/failed/failed-screen'
import { FilesScreen } from '../features/files/files-screen'
import { HistoryScreen } from '../features/history/history-screen'
import { MapScreen } from '../features/mapping/map-screen'
import { SettingsScreen } from '../features/settings/settings-screen'
import { SignInScreen } from '../features/sign-in/sign-in-screen'
import { TargetScreen } from '../features/target/target-screen'
import { UploadScreen } from '../features/upload/upload-screen'
import type { HeadingFocus } from './screen-frame'
import type { ScreenId } from './screens'

/** Renders the current screen; the switch is exhaustive over the registry's ids. */
export function ScreenView({ screen, ...focus }: { readonly screen: ScreenId } & HeadingFocus) {
  switch (screen) {
    case 'settings':
      return <SettingsScreen {...focus} />
    case 'diagnostics':
      return <DiagnosticsScreen {...focus} />
    case 'sign-in':
      return <SignInScreen {...focus} />
    case 'target':
      return <TargetScreen {...focus} />
    case 'files':
      return <FilesScreen {...focus} />
    case 'map':
      return <MapScreen {...focus} />
    case 'upload':
      return <UploadScreen {...focus} />
    case 'failed-records':
      return <FailedScreen {...focus} />
    case 'history':
      return <HistoryScreen {...focus} />
    default:
      return assertNever(screen, 'Unknown screen')
  }
}
