import { BrowserRouter, Route, Routes } from 'react-router'
import { ObjectPage } from '../features/exchange/components/object-page.js'
import { AdminPage } from './admin-page.js'
import { DetectPage } from './detect-page.js'
import { DetectNetworkPage, DetectRunPage } from './detect-publish-pages.js'
import { ExchangePage } from './exchange-page.js'
import { Layout } from './layout.js'
import { NotFoundPage } from './not-found-page.js'
import { OverviewPage } from './overview-page.js'
import { RequestDetailPage } from './request-detail-page.js'
import { RequestsPage } from './requests-page.js'
import { SessionGate } from './session-gate.js'
import { SetPasswordPage } from './set-password-page.js'
import { TransparencyPage } from './transparency-page.js'
import './app.css'

/** The routes of the single-page app; features are composed here and never import each other. */
export function App() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="account/set-password" element={<SetPasswordPage />} />
        <Route
          element={
            <SessionGate>
              <Layout />
            </SessionGate>
          }
        >
          <Route index element={<OverviewPage />} />
          <Route path="admin" element={<AdminPage />} />
          <Route path="detect" element={<DetectPage />} />
          <Route path="detect/runs/:id" element={<DetectRunPage />} />
          <Route path="detect/runs/:id/networks/:networkId" element={<DetectNetworkPage />} />
          <Route path="exchange" element={<ExchangePage />} />
          <Route path="exchange/objects/:id" element={<ObjectPage />} />
          <Route path="transparency" element={<TransparencyPage />} />
          <Route path="requests" element={<RequestsPage />} />
          <Route path="requests/:id" element={<RequestDetailPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  )
}
