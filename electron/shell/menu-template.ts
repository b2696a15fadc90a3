import type { MenuItemConstructorOptions } from 'electron'

/** What the menu can do beyond Electron's built-in roles; main.ts supplies the effects. */
export interface MenuActions {
  /** Opens the folder holding LogDrop's log files in the file manager. */
  readonly openLogsFolder: () => void
  /** Shows the About panel (name, version, data folder). */
  readonly showAbout: () => void
}

/**
 * The application menu: the usual roles, plus Help → Open logs folder and About.
 *
 * Pure data (Electron's types only), so it is tested without Electron. On macOS the first
 * menu is the app menu, as users there expect.
 */
export function buildMenuTemplate(
  platform: NodeJS.Platform,
  actions: MenuActions,
  options: { readonly development?: boolean } = {},
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin'
  const about: MenuItemConstructorOptions = { label: 'About LogDrop', click: actions.showAbout }
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ]
  if (options.development === true) {
    view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' })
  }
  return [
    ...(isMac
      ? [
          {
            label: 'LogDrop',
            submenu: [
              about,
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Open logs folder', click: actions.openLogsFolder },
        ...(isMac ? [] : [{ type: 'separator' } as const, about]),
      ],
    },
  ]
}
