import {
  ArrowSwapFilled,
  ArrowSwapRegular,
  CloudArrowUpFilled,
  CloudArrowUpRegular,
  DocumentErrorFilled,
  DocumentErrorRegular,
  DocumentMultipleFilled,
  DocumentMultipleRegular,
  HistoryFilled,
  HistoryRegular,
  PersonKeyFilled,
  PersonKeyRegular,
  PulseFilled,
  PulseRegular,
  SettingsFilled,
  SettingsRegular,
  TargetArrowFilled,
  TargetArrowRegular,
  bundleIcon,
  type FluentIcon,
} from '@fluentui/react-icons'
import type { ScreenId } from './screens'

/** One icon per screen, filled when selected (Fluent's bundled icons). */
export const SCREEN_ICONS: Readonly<Record<ScreenId, FluentIcon>> = {
  'sign-in': bundleIcon(PersonKeyFilled, PersonKeyRegular),
  target: bundleIcon(TargetArrowFilled, TargetArrowRegular),
  files: bundleIcon(DocumentMultipleFilled, DocumentMultipleRegular),
  map: bundleIcon(ArrowSwapFilled, ArrowSwapRegular),
  upload: bundleIcon(CloudArrowUpFilled, CloudArrowUpRegular),
  'failed-records': bundleIcon(DocumentErrorFilled, DocumentErrorRegular),
  history: bundleIcon(HistoryFilled, HistoryRegular),
  settings: bundleIcon(SettingsFilled, SettingsRegular),
  diagnostics: bundleIcon(PulseFilled, PulseRegular),
}
