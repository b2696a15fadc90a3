import { Tab, TabList, makeStyles, tokens } from '@fluentui/react-components'
import { CloudRegular, EditRegular } from '@fluentui/react-icons'
import { useState } from 'react'
import { ScreenFrame, type HeadingFocus } from '../../app/screen-frame'
import { BrowsePanel } from './browse-panel'
import { ChosenTargetCard } from './chosen-target-card'
import { ManualPanel } from './manual-panel'
import { RecentTargetsCard } from './recent-targets-card'
import { useChosenTarget } from './target-store-provider'
import { useManualForm } from './use-manual-form'

type Mode = 'browse' | 'manual'

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
})

/**
 * The Target screen: find the stream in Azure (or type it), see what it expects, and check that
 * the active account may send to it.
 */
export function TargetScreen(focus: HeadingFocus) {
  const styles = useStyles()
  const { chosen } = useChosenTarget()
  const [mode, setMode] = useState<Mode>(chosen?.source === 'manual' ? 'manual' : 'browse')
  // Held here so switching tabs keeps what was typed.
  const manual = useManualForm(chosen?.source === 'manual' ? chosen.target : null)

  return (
    <ScreenFrame screen="target" {...focus}>
      <TabList
        selectedValue={mode}
        onTabSelect={(_event, data) => setMode(data.value === 'manual' ? 'manual' : 'browse')}
        aria-label="How to pick the target"
      >
        <Tab
          value="browse"
          id="target-tab-browse"
          icon={<CloudRegular />}
          data-testid="target-tab-browse"
        >
          Browse Azure
        </Tab>
        <Tab
          value="manual"
          id="target-tab-manual"
          icon={<EditRegular />}
          data-testid="target-tab-manual"
        >
          Enter manually
        </Tab>
      </TabList>
      <div
        role="tabpanel"
        aria-labelledby={`target-tab-${mode}`}
        className={styles.panel}
        data-testid={`target-panel-${mode}`}
      >
        {mode === 'browse' ? (
          <BrowsePanel onEnterManually={() => setMode('manual')} />
        ) : (
          <ManualPanel manual={manual} />
        )}
      </div>
      <ChosenTargetCard />
      <RecentTargetsCard />
    </ScreenFrame>
  )
}
