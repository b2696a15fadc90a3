import { Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components'
import {
  CloudArrowUpFilled,
  DesktopRegular,
  GlobeRegular,
  PlugConnectedRegular,
  PlugDisconnectedRegular,
} from '@fluentui/react-icons'
import type { HostKind } from '../../../shared/models/app-info'
import { useAppInfo } from '../features/app-info/app-info-provider'
import { connectionLabel, isOffline } from '../lib/connection-state'
import { useConnectionState, useTransport } from './api-context'
import { ThemeMenu } from './theme-menu'

const HOST_LABELS: Readonly<Record<HostKind, string>> = { electron: 'Desktop', browser: 'Browser' }

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalL,
    height: '48px',
    padding: `0 ${tokens.spacingHorizontalM} 0 ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
    flexShrink: 0,
  },
  brand: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  logo: { fontSize: '24px', display: 'flex' },
  name: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
  tagline: {
    color: tokens.colorNeutralForegroundOnBrand,
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralForegroundOnBrand}`,
    '@media (max-width: 720px)': { display: 'none' },
  },
  status: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    marginLeft: 'auto',
  },
  pill: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    height: '28px',
    padding: `0 ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusCircular,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralForegroundOnBrand}`,
    color: tokens.colorNeutralForegroundOnBrand,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'nowrap',
    '& svg': { fontSize: '16px' },
  },
  offline: {
    backgroundColor: tokens.colorPaletteRedBackground3,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteRedBackground3}`,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  iconButton: {
    // A subtle button on the brand bar: keep the on-brand colour in every state.
    color: tokens.colorNeutralForegroundOnBrand,
    '& .fui-Button__icon': { color: tokens.colorNeutralForegroundOnBrand },
    '&:hover, &[aria-expanded="true"]': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: tokens.colorBrandBackgroundHover,
    },
    '&:hover .fui-Button__icon, &[aria-expanded="true"] .fui-Button__icon': {
      color: tokens.colorNeutralForegroundOnBrand,
    },
    '&:hover:active': {
      color: tokens.colorNeutralForegroundOnBrand,
      backgroundColor: tokens.colorBrandBackgroundPressed,
    },
    '&:hover:active .fui-Button__icon': { color: tokens.colorNeutralForegroundOnBrand },
  },
})

/**
 * The banner landmark: product name, and a status area with the host kind (from
 * `app:get-info`), the link's state and the theme switch.
 */
export function AppHeader() {
  const styles = useStyles()
  const info = useAppInfo()
  const transport = useTransport()
  const connection = useConnectionState()
  // Until app:get-info answers, the transport says which host this is.
  const host: HostKind = info.value?.host ?? (transport === 'bridge' ? 'electron' : 'browser')
  const offline = isOffline(connection)
  const HostIcon = host === 'electron' ? DesktopRegular : GlobeRegular
  const LinkIcon = offline ? PlugDisconnectedRegular : PlugConnectedRegular

  return (
    <header className={styles.header} data-testid="app-header">
      <div className={styles.brand}>
        <span className={styles.logo} aria-hidden="true">
          <CloudArrowUpFilled />
        </span>
        <p className={styles.name} data-testid="product-name">
          LogDrop
        </p>
        <Text className={styles.tagline} size={200}>
          Logs Ingestion uploader for Azure Monitor
        </Text>
      </div>
      <div className={styles.status} role="group" aria-label="Status" data-testid="status-area">
        <span className={styles.pill} data-testid="host-kind" data-host={host}>
          <HostIcon aria-hidden="true" />
          {HOST_LABELS[host]}
        </span>
        <span
          className={mergeClasses(styles.pill, offline && styles.offline)}
          role="status"
          data-testid="connection-status"
          data-status={connection.status}
        >
          <LinkIcon aria-hidden="true" />
          {connectionLabel(connection)}
        </span>
        <ThemeMenu className={styles.iconButton} />
      </div>
    </header>
  )
}
