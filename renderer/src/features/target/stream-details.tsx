import {
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  mergeClasses,
} from '@fluentui/react-components'
import type { DcrSummary, StreamFlow, StreamInfo } from '../../../../shared/models/target'
import { resourceName } from './resource-name'
import { useTargetStyles } from './target-styles'

/**
 * What a stream expects and where it goes: the three names people mix up, the declared
 * columns, the transform, the destination table and the endpoint to send to.
 */
export function StreamDetails({
  dcr,
  stream,
}: {
  readonly dcr: DcrSummary
  readonly stream: StreamInfo
}) {
  const styles = useTargetStyles()
  return (
    <div className={styles.stack} data-testid="stream-details" data-stream={stream.name}>
      <Endpoint dcr={dcr} />
      {stream.flows.length === 0 ? (
        <Text>This stream has no data flow: the rule does not send it anywhere yet.</Text>
      ) : (
        stream.flows.map((flow, index) => <Flow key={index} flow={flow} />)
      )}
      <Subtitle2 as="h3" className={styles.title} id="stream-columns-heading">
        Columns of {stream.name}
      </Subtitle2>
      <Text size={200}>
        Records are matched to these columns by name (case matters). Columns a record lacks stay
        empty; extra fields are dropped unless the transform uses them.
      </Text>
      <Table aria-labelledby="stream-columns-heading" size="small" data-testid="stream-columns">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Column</TableHeaderCell>
            <TableHeaderCell>Type</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {stream.columns.map((column) => (
            <TableRow key={column.name} data-testid="stream-column">
              <TableCell className={styles.mono}>{column.name}</TableCell>
              <TableCell>{column.type}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  )
}

/** The ingestion endpoint and where it came from (the DCR itself, or its DCE). */
function Endpoint({ dcr }: { readonly dcr: DcrSummary }) {
  const styles = useTargetStyles()
  const { ingestion } = dcr
  const from =
    ingestion.source === 'dcr'
      ? 'the rule’s own logs ingestion endpoint (kind Direct)'
      : ingestion.source === 'dce'
        ? `its data collection endpoint ${resourceName(ingestion.dataCollectionEndpointId ?? '')}`
        : null
  return (
    <>
      <dl className={styles.facts} data-testid="stream-endpoint" data-source={ingestion.source}>
        <div className={styles.factRow}>
          <dt className={styles.term}>DCR immutable ID</dt>
          <dd className={mergeClasses(styles.value, styles.mono)}>{dcr.immutableId}</dd>
        </div>
        <div className={styles.factRow}>
          <dt className={styles.term}>Ingestion endpoint</dt>
          <dd className={styles.value}>
            {ingestion.endpoint === null ? (
              'none'
            ) : (
              <>
                <span className={styles.mono}>{ingestion.endpoint}</span>
                <br />
                <Text size={200} className={styles.secondary}>
                  From {from}.
                </Text>
              </>
            )}
          </dd>
        </div>
      </dl>
      {ingestion.problem === null ? null : (
        <MessageBar intent="warning" layout="multiline" data-testid="stream-endpoint-problem">
          <MessageBarBody>{ingestion.problem.message}</MessageBarBody>
        </MessageBar>
      )}
    </>
  )
}

/** One data flow: the naming in plain words, the transform and the destination. */
function Flow({ flow }: { readonly flow: StreamFlow }) {
  const styles = useTargetStyles()
  const { naming, workspace } = flow
  return (
    <div className={styles.stack} data-testid="stream-flow">
      <Text data-testid="stream-naming">
        You send records to the input stream{' '}
        <code className={styles.mono}>{naming.inputStream}</code>. The rule’s transform turns them
        into the output stream <code className={styles.mono}>{naming.outputStream}</code>, which is
        stored as the table <code className={styles.mono}>{naming.table}</code>
        {workspace === null ? '' : ` in the workspace ${workspace.workspaceName}`}. Uploads use the
        input stream’s name; queries use the table’s.
      </Text>
      <dl className={styles.facts}>
        <div className={styles.factRow}>
          <dt className={styles.term}>Destination</dt>
          <dd className={styles.value} data-testid="stream-destination">
            {workspace === null
              ? 'Not a Log Analytics workspace'
              : `${naming.table} in ${workspace.workspaceName}`}
            {workspace === null || workspace.workspaceId === '' ? null : (
              <>
                <br />
                <Text size={200} className={styles.secondary}>
                  Workspace ID {workspace.workspaceId}
                </Text>
              </>
            )}
          </dd>
        </div>
        <div className={styles.factRow}>
          <dt className={styles.term}>Transform (KQL)</dt>
          <dd className={styles.value}>
            <pre className={styles.code} data-testid="stream-transform">
              {flow.transformKql}
            </pre>
          </dd>
        </div>
      </dl>
    </div>
  )
}
