import {
  Button,
  Card,
  CardHeader,
  Field,
  Radio,
  RadioGroup,
  SearchBox,
  Spinner,
  Subtitle2,
  Text,
} from '@fluentui/react-components'
import { ArrowClockwiseRegular } from '@fluentui/react-icons'
import type { DcrSummary } from '../../../../shared/models/target'
import { presentError } from '../../components/present-error'
import { useDiscovery } from './discovery-provider'
import { chosenSubscription, visibleDcrs } from './discovery-state'
import { useTargetStyles } from './target-styles'

function endpointKind(dcr: DcrSummary): string {
  switch (dcr.ingestion.source) {
    case 'dcr':
      return 'own endpoint (Direct)'
    case 'dce':
      return 'through a DCE'
    case 'none':
      return 'no ingestion endpoint'
  }
}

/** Step 2: the data collection rules of the chosen subscription (all pages), with search. */
export function DcrPicker() {
  const styles = useTargetStyles()
  const discovery = useDiscovery()
  const { state } = discovery
  const request = state.dcrs
  const all = request?.value ?? null
  const error = request?.error ?? null
  const visible = visibleDcrs(state)
  const loading = request === null || request.status === 'loading'
  const subscription = chosenSubscription(state)

  return (
    <Card className={styles.card} data-testid="dcrs-card">
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.title} id="dcrs-heading">
            Data collection rule
          </Subtitle2>
        }
        description={
          <Text size={200}>
            {all === null
              ? `In ${subscription?.displayName ?? 'the chosen subscription'}.`
              : `${all.length} ${all.length === 1 ? 'rule' : 'rules'} in ${subscription?.displayName ?? 'the chosen subscription'}.`}
          </Text>
        }
        action={
          <Button
            appearance="subtle"
            icon={<ArrowClockwiseRegular />}
            disabledFocusable={loading}
            onClick={discovery.reloadDcrs}
            data-testid="dcrs-reload"
          >
            Refresh
          </Button>
        }
      />
      <Field label="Search data collection rules">
        <SearchBox
          value={state.dcrSearch}
          onChange={(_event, data) => discovery.searchDcrs(data.value)}
          placeholder="Name, resource group or stream"
          data-testid="dcr-search"
        />
      </Field>
      {loading ? (
        <Spinner className={styles.spinner} size="tiny" label="Loading data collection rules…" />
      ) : null}
      {error === null
        ? null
        : presentError(error, {
            title: 'Could not list data collection rules',
            onRetry: discovery.reloadDcrs,
            testId: 'dcrs-error',
          })}
      {all !== null && all.length === 0 ? (
        <Text data-testid="no-dcrs">
          This subscription has no data collection rules you can see.
        </Text>
      ) : null}
      {all !== null && all.length > 0 && visible.length === 0 ? (
        <Text>No data collection rule matches “{state.dcrSearch.trim()}”.</Text>
      ) : null}
      {visible.length === 0 ? null : (
        <div className={styles.scroll}>
          <RadioGroup
            aria-labelledby="dcrs-heading"
            value={state.dcrId ?? ''}
            onChange={(_event, data) => discovery.chooseDcr(data.value)}
            data-testid="dcr-list"
          >
            {visible.map((dcr) => (
              <Radio
                key={dcr.id}
                value={dcr.id}
                label={
                  <span className={styles.optionLabel}>
                    <span>{dcr.name}</span>
                    <Text size={200} className={styles.secondary}>
                      {dcr.resourceGroup} · {dcr.location} · {endpointKind(dcr)} ·{' '}
                      {dcr.streams.map((s) => s.name).join(', ') || 'no streams'}
                    </Text>
                  </span>
                }
              />
            ))}
          </RadioGroup>
        </div>
      )}
    </Card>
  )
}
