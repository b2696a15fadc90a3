import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app'
import { connectApi, pageEnvironment } from './lib/api'
import './base.css'

// Failures that escape every handler are bugs: log them where developers look.
window.addEventListener('unhandledrejection', (event) => {
  console.error('LogDrop: unhandled rejection', event.reason)
})

const container = document.getElementById('root')
if (container === null) throw new Error('index.html has no #root element')

const connection = connectApi(pageEnvironment())

createRoot(container).render(
  <StrictMode>
    <App connection={connection} />
  </StrictMode>,
)
