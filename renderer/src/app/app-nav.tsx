import { Nav, NavDivider, NavItem, makeStyles, tokens } from '@fluentui/react-components'
import { Fragment, useRef, type KeyboardEvent } from 'react'
import { SCREEN_ICONS } from './screen-icons'
import { SCREEN_GROUP_LABELS, SCREENS, type ScreenGroup, type ScreenId } from './screens'
import { rovingTarget } from './roving-focus'

const GROUPS: readonly ScreenGroup[] = ['journey', 'results', 'app']

const useStyles = makeStyles({
  nav: {
    flexShrink: 0,
    width: '248px',
    overflowY: 'auto',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalS}`,
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground4,
    borderRight: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  groupHeading: {
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalMNudge} ${tokens.spacingVerticalXS}`,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground3,
  },
  divider: { margin: `${tokens.spacingVerticalS} 0` },
  icon: { fontSize: '20px' },
  item: {
    // Fluent animates the selected icon to a token that is black on black in the
    // high-contrast theme; the compound brand colour equals it in light and dark.
    '--colorNeutralForeground2BrandSelected': tokens.colorCompoundBrandForeground1,
  },
})

/**
 * The left navigation, grouped into the journey, its results and the app itself.
 *
 * Fluent's Nav items with a roving tab stop: Tab reaches the current screen, arrows (and
 * Home/End) move between screens, Enter or Space opens one. Hand-rolled instead of
 * NavDrawerBody's Tabster mover, whose hidden focus sentinels axe reports as
 * `aria-hidden-focus` (microsoft/tabster#288).
 */
export function AppNav({
  current,
  onNavigate,
}: {
  readonly current: ScreenId
  readonly onNavigate: (screen: ScreenId) => void
}) {
  const styles = useStyles()
  const list = useRef<HTMLElement>(null)

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const items = [...(list.current?.querySelectorAll<HTMLElement>('[data-nav-item]') ?? [])]
    const from = items.findIndex((item) => item === document.activeElement)
    const to = rovingTarget(event.key, from, items.length)
    if (to === null) return
    event.preventDefault()
    items[to]?.focus()
  }

  return (
    <nav
      ref={list}
      className={styles.nav}
      aria-label="Screens"
      onKeyDown={onKeyDown}
      data-testid="app-nav"
    >
      <Nav
        selectedValue={current}
        onNavItemSelect={(_event, data) => onNavigate(data.value as ScreenId)}
      >
        {GROUPS.map((group, index) => (
          <Fragment key={group}>
            {index > 0 ? <NavDivider className={styles.divider} /> : null}
            <h2 className={styles.groupHeading}>{SCREEN_GROUP_LABELS[group]}</h2>
            {SCREENS.filter((screen) => screen.group === group).map((screen) => {
              const Icon = SCREEN_ICONS[screen.id]
              return (
                <NavItem
                  key={screen.id}
                  value={screen.id}
                  className={styles.item}
                  icon={<Icon className={styles.icon} />}
                  tabIndex={screen.id === current ? 0 : -1}
                  data-nav-item=""
                  data-testid={`nav-${screen.id}`}
                >
                  {screen.label}
                </NavItem>
              )
            })}
          </Fragment>
        ))}
      </Nav>
    </nav>
  )
}
