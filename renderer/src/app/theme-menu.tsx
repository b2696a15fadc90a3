import {
  Button,
  Menu,
  MenuItemRadio,
  MenuList,
  MenuPopover,
  MenuTrigger,
  Tooltip,
} from '@fluentui/react-components'
import { DarkThemeRegular } from '@fluentui/react-icons'
import { THEMES, type ThemeChoice } from '../../../shared/models/settings'
import { useSettings } from '../features/settings/settings-provider'
import { useNotify } from './notices'
import { THEME_LABELS } from './theme-choice'

/** The header's quick theme switch; saves through `settings:update` like the Settings screen. */
export function ThemeMenu({ className }: { readonly className?: string }) {
  const { state, chooseTheme } = useSettings()
  const notify = useNotify()
  const current = state.saved?.theme ?? 'system'
  const label = `Theme: ${THEME_LABELS[current]}`

  const choose = async (theme: ThemeChoice) => {
    const error = await chooseTheme(theme)
    if (error !== null) notify('error', 'Could not change the theme', error.message)
  }

  return (
    <Menu
      checkedValues={{ theme: [current] }}
      onCheckedValueChange={(_event, data) => {
        const [theme] = data.checkedItems
        if (theme !== undefined) void choose(theme as ThemeChoice)
      }}
    >
      <MenuTrigger disableButtonEnhancement>
        <Tooltip content={label} relationship="label">
          <Button
            appearance="subtle"
            icon={<DarkThemeRegular />}
            className={className}
            disabled={state.saved === null}
            data-testid="theme-menu"
          />
        </Tooltip>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {THEMES.map((theme) => (
            <MenuItemRadio key={theme} name="theme" value={theme} data-testid={`theme-${theme}`}>
              {THEME_LABELS[theme]}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  )
}
