import {
  Badge,
  Button,
  Card,
  CardHeader,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components'
import { HistoryRegular } from '@fluentui/react-icons'
import type { RecentTarget } from '../../../../shared/models/target'
import { presentError } from '../../components/present-error'
import { chosenFromRecent, sameTarget } from './target-store'
import { useChosenTarget } from './target-store-provider'
import { useTargetStyles } from './target-styles'
import { useRecentTargets } from './use-recent-targets'
import { recentTitle } from './recent-title'

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  text: { display: 'flex', flexDirection: 'column', flex: 1, minWidth: 0 },
})

function when(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString()
}

/** Targets used before (a successful check adds one), to pick again in one click. */
export function RecentTargetsCard() {
  const styles = useStyles()
  const shared = useTargetStyles()
  const { chosen, check, choose } = useChosenTarget()
  // A ready check adds its target to the list on the main side: read it again then.
  const refreshKey = check.status === 'ready' ? (check.result?.checkedAt ?? null) : null
  const { targets, error } = useRecentTargets(refreshKey)

  return (
    <Card className={shared.card} data-testid="recent-targets">
      <CardHeader
        header={
          <Subtitle2 as="h2" className={shared.title} id="recent-heading">
            Recent targets
          </Subtitle2>
        }
        description={<Text size={200}>Targets that passed a connection check before.</Text>}
      />
      {error === null
        ? null
        : presentError(error, { title: 'Could not read recent targets', testId: 'recent-error' })}
      {targets !== null && targets.length === 0 ? (
        <Text data-testid="no-recent">
          None yet: a target joins this list once its check passes.
        </Text>
      ) : null}
      {targets === null || targets.length === 0 ? null : (
        <ul className={styles.list} aria-labelledby="recent-heading">
          {targets.map((recent) => (
            <RecentItem
              key={`${recent.endpoint}|${recent.dcrImmutableId}|${recent.streamName}`}
              recent={recent}
              isChosen={chosen !== null && sameTarget(chosen.target, recent)}
              onUse={() => choose(chosenFromRecent(recent))}
            />
          ))}
        </ul>
      )}
    </Card>
  )
}

function RecentItem({
  recent,
  isChosen,
  onUse,
}: {
  readonly recent: RecentTarget
  readonly isChosen: boolean
  readonly onUse: () => void
}) {
  const styles = useStyles()
  const shared = useTargetStyles()
  return (
    <li className={styles.item} data-testid="recent-target" data-stream={recent.streamName}>
      <span className={styles.text}>
        <Text weight="semibold">{recentTitle(recent)}</Text>
        <Text size={200} className={shared.secondary}>
          {recent.endpoint} · {recent.dcrImmutableId} · last used {when(recent.lastUsedAt)}
        </Text>
      </span>
      {isChosen ? (
        <Badge appearance="tint" color="brand">
          Chosen
        </Badge>
      ) : (
        <Button
          icon={<HistoryRegular />}
          onClick={onUse}
          aria-label={`Use ${recentTitle(recent)}`}
          data-testid="recent-use"
        >
          Use
        </Button>
      )}
    </li>
  )
}
