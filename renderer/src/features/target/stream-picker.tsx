import {
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Subtitle2,
  Text,
} from '@fluentui/react-components'
import type { DcrSummary } from '../../../../shared/models/target'
import { useDiscovery } from './discovery-provider'
import { chosenStream } from './discovery-state'
import { StreamDetails } from './stream-details'
import { chosenFromStream } from './target-store'
import { useChosenTarget } from './target-store-provider'
import { useTargetStyles } from './target-styles'

/**
 * Step 3: the DCR's input streams. Picking one makes it the chosen target (when the DCR has an
 * ingestion endpoint) and shows what it expects.
 */
export function StreamPicker({ dcr }: { readonly dcr: DcrSummary }) {
  const styles = useTargetStyles()
  const discovery = useDiscovery()
  const { choose } = useChosenTarget()
  const stream = chosenStream(discovery.state)

  const pick = (name: string) => {
    discovery.chooseStream(name)
    const picked = dcr.streams.find((s) => s.name === name)
    const chosen = picked === undefined ? null : chosenFromStream(dcr, picked)
    if (chosen !== null) choose(chosen)
  }

  return (
    <Card className={styles.card} data-testid="streams-card">
      <CardHeader
        header={
          <Subtitle2 as="h2" className={styles.title} id="streams-heading">
            Stream of {dcr.name}
          </Subtitle2>
        }
        description={
          <Text size={200}>
            {dcr.description ?? 'The input streams this rule accepts. Pick the one to send to.'}
          </Text>
        }
      />
      {dcr.streams.length === 0 ? (
        <MessageBar intent="warning">
          <MessageBarBody>
            This rule declares no input stream, so nothing can be sent to it.
          </MessageBarBody>
        </MessageBar>
      ) : (
        <RadioGroup
          aria-labelledby="streams-heading"
          value={discovery.state.streamName ?? ''}
          onChange={(_event, data) => pick(data.value)}
          data-testid="stream-list"
        >
          {dcr.streams.map((s) => (
            <Radio
              key={s.name}
              value={s.name}
              label={`${s.name} (${s.columns.length} ${s.columns.length === 1 ? 'column' : 'columns'})`}
            />
          ))}
        </RadioGroup>
      )}
      {stream === null ? null : <StreamDetails dcr={dcr} stream={stream} />}
    </Card>
  )
}
