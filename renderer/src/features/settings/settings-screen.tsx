import {
  Button,
  Card,
  CardHeader,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Skeleton,
  SkeletonItem,
  SpinButton,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { ArrowUndoRegular, SaveRegular } from '@fluentui/react-icons'
import { CLOUD_IDS, THEMES, type CloudId } from '../../../../shared/models/settings'
import { useConnectionState } from '../../app/api-context'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { THEME_LABELS } from '../../app/theme-choice'
import { presentError } from '../../components/present-error'
import { isOffline } from '../../lib/connection-state'
import { checkDraft, isDraftDirty, type SettingsDraft } from './settings-form'
import { useSettings } from './settings-provider'

const CLOUD_LABELS: Readonly<Record<CloudId, string>> = {
  AzurePublic: 'Azure (public cloud)',
  AzureUSGovernment: 'Azure US Government',
  AzureChina: 'Azure China (operated by 21Vianet)',
  LocalEmulator: 'Local emulator (for testing, no Azure account)',
}

const GZIP_LEVELS = ['auto', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const

function gzipLabel(level: string): string {
  if (level === 'auto') return 'Automatic (adapts while uploading)'
  if (level === '1') return '1 (fastest, larger requests)'
  if (level === '9') return '9 (smallest requests, most CPU)'
  return level
}

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  cardTitle: { margin: 0 },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    alignItems: 'start',
  },
  wide: { gridColumn: '1 / -1' },
  actions: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  saved: { color: tokens.colorNeutralForeground2 },
})

/** Cloud, sign-in application, upload tuning and theme, saved through `settings:update`. */
export function SettingsScreen(focus: HeadingFocus) {
  const styles = useStyles()
  const { state, edit, discard, save } = useSettings()
  const offline = isOffline(useConnectionState())
  const { draft, saved } = state

  if (draft === null || saved === null) {
    return (
      <ScreenFrame screen="settings" {...focus}>
        {state.load === 'loading' && offline ? (
          <Text data-testid="settings-waiting">
            Your settings appear here once LogDrop is connected.
          </Text>
        ) : null}
        {state.load === 'loading' && !offline ? (
          <Skeleton aria-label="Loading settings">
            <SkeletonItem size={32} />
            <SkeletonItem size={32} />
            <SkeletonItem size={32} />
          </Skeleton>
        ) : null}
        {state.error === null
          ? null
          : presentError(state.error, {
              title: 'Could not load your settings',
              testId: 'settings-error',
            })}
      </ScreenFrame>
    )
  }

  const dirty = isDraftDirty(draft, saved)
  const fieldProps = (field: keyof SettingsDraft) => {
    const message = state.fieldErrors[field]
    return message === undefined
      ? {}
      : { validationState: 'error' as const, validationMessage: message }
  }

  return (
    <ScreenFrame screen="settings" {...focus}>
      <form
        className={styles.form}
        noValidate
        aria-label="Settings"
        onSubmit={(event) => {
          event.preventDefault()
          const form = event.currentTarget
          save()
          // Take keyboard and screen-reader users straight to the first value to fix.
          if (!checkDraft(draft).ok) {
            requestAnimationFrame(() =>
              form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
            )
          }
        }}
        data-testid="settings-form"
      >
        <Card className={styles.card}>
          <CardHeader
            header={
              <Subtitle2 as="h2" className={styles.cardTitle}>
                Azure account
              </Subtitle2>
            }
            description={<Text size={200}>Where sign-in, discovery, uploads and queries go.</Text>}
          />
          <div className={styles.fields}>
            <Field label="Cloud" className={styles.wide} {...fieldProps('cloud')}>
              <Dropdown
                value={CLOUD_LABELS[draft.cloud]}
                selectedOptions={[draft.cloud]}
                onOptionSelect={(_event, data) => {
                  if (data.optionValue !== undefined) edit('cloud', data.optionValue)
                }}
                data-testid="settings-cloud"
              >
                {CLOUD_IDS.map((cloud) => (
                  <Option key={cloud} value={cloud}>
                    {CLOUD_LABELS[cloud]}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <Field
              label="Tenant"
              hint="A tenant ID, a domain such as contoso.com, or organizations for any work account."
              {...fieldProps('tenant')}
            >
              <Input
                value={draft.tenant}
                onChange={(_event, data) => edit('tenant', data.value)}
                spellCheck={false}
                autoComplete="off"
                data-testid="settings-tenant"
              />
            </Field>
            <Field
              label="Application (client) ID"
              hint="The public client used to sign in. The default is the Azure CLI's, which needs no app registration."
              {...fieldProps('clientId')}
            >
              <Input
                value={draft.clientId}
                onChange={(_event, data) => edit('clientId', data.value)}
                spellCheck={false}
                autoComplete="off"
                data-testid="settings-client-id"
              />
            </Field>
            <Field
              label="Extra CA certificates"
              hint="Path of a PEM file with the CA certificate of a proxy that inspects HTTPS or of a private endpoint; it is trusted for sign-in, discovery and uploads as well as the system's. Leave empty for none."
              {...fieldProps('caFile')}
            >
              <Input
                value={draft.caFile}
                onChange={(_event, data) => edit('caFile', data.value)}
                spellCheck={false}
                autoComplete="off"
                placeholder="/etc/ssl/corporate-proxy.pem"
                data-testid="settings-ca-file"
              />
            </Field>
          </div>
        </Card>

        <Card className={styles.card}>
          <CardHeader
            header={
              <Subtitle2 as="h2" className={styles.cardTitle}>
                Uploads
              </Subtitle2>
            }
            description={<Text size={200}>How hard LogDrop pushes when sending records.</Text>}
          />
          <div className={styles.fields}>
            <Field
              label="Requests in flight"
              hint="1 to 64 at once. LogDrop slows down by itself when Azure asks it to."
              {...fieldProps('concurrency')}
            >
              <SpinButton
                value={toSpinValue(draft.concurrency)}
                displayValue={draft.concurrency}
                min={1}
                max={64}
                onChange={(_event, data) =>
                  edit(
                    'concurrency',
                    data.value !== undefined && data.value !== null
                      ? String(data.value)
                      : (data.displayValue ?? ''),
                  )
                }
                data-testid="settings-concurrency"
              />
            </Field>
            <Field
              label="Compression"
              hint="gzip level for each request."
              {...fieldProps('gzipLevel')}
            >
              <Dropdown
                value={gzipLabel(draft.gzipLevel)}
                selectedOptions={[draft.gzipLevel]}
                onOptionSelect={(_event, data) => {
                  if (data.optionValue !== undefined) edit('gzipLevel', data.optionValue)
                }}
                data-testid="settings-gzip"
              >
                {GZIP_LEVELS.map((level) => (
                  <Option key={level} value={level}>
                    {gzipLabel(level)}
                  </Option>
                ))}
              </Dropdown>
            </Field>
          </div>
        </Card>

        <Card className={styles.card}>
          <CardHeader
            header={
              <Subtitle2 as="h2" className={styles.cardTitle}>
                Appearance
              </Subtitle2>
            }
          />
          <Field label="Theme" {...fieldProps('theme')}>
            <RadioGroup
              value={draft.theme}
              layout="horizontal"
              onChange={(_event, data) => edit('theme', data.value)}
              data-testid="settings-theme"
            >
              {THEMES.map((theme) => (
                <Radio
                  key={theme}
                  value={theme}
                  label={THEME_LABELS[theme]}
                  data-testid={`settings-theme-${theme}`}
                />
              ))}
            </RadioGroup>
          </Field>
        </Card>

        {state.error === null
          ? null
          : presentError(state.error, {
              title: 'Could not save your settings',
              testId: 'settings-error',
            })}
        {Object.keys(state.fieldErrors).length === 0 ? null : (
          <MessageBar intent="warning" data-testid="settings-invalid">
            <MessageBarBody>Some values need fixing before they can be saved.</MessageBarBody>
          </MessageBar>
        )}

        <div className={styles.actions}>
          <Button
            type="submit"
            appearance="primary"
            icon={<SaveRegular />}
            disabledFocusable={!dirty || state.saving}
            data-testid="settings-save"
          >
            {state.saving ? 'Saving…' : 'Save'}
          </Button>
          <Button
            icon={<ArrowUndoRegular />}
            disabledFocusable={!dirty || state.saving}
            onClick={discard}
            data-testid="settings-discard"
          >
            Discard changes
          </Button>
          <Text role="status" className={styles.saved} data-testid="settings-status">
            {statusText(dirty, state.savedCount)}
          </Text>
        </div>
      </form>
    </ScreenFrame>
  )
}

function statusText(dirty: boolean, savedCount: number): string {
  if (dirty) return 'You have unsaved changes.'
  return savedCount > 0 ? 'Settings saved.' : ''
}

function toSpinValue(text: string): number | null {
  const value = Number(text)
  return text.trim() === '' || !Number.isFinite(value) ? null : value
}
