import { BrowserRouter, Route, Routes } from 'react-router'
import { AuditLog } from '../features/admin/components/audit-log.js'
import { ChangePasswordForm } from '../features/auth/components/change-password-form.js'
import { ObjectPage } from '../features/exchange/components/object-page.js'
import { AccountPage } from './account-page.js'
import { AdminPage } from './admin-page.js'
import { DetectPage } from './detect-page.js'
import { DetectNetworkPage, DetectRunPage } from './detect-publish-pages.js'
import { DiscloseLivePage } from './disclose-live-page.js'
import { DisclosurePage, DisclosuresPage, PrepareDisclosurePage } from './disclose-page.js'
import { ExchangePage } from './exchange-page.js'
import { Layout } from './layout.js'
import { LivePage } from './live-page.js'
import { NotFoundPage } from './not-found-page.js'
import { OverviewPage } from './overview-page.js'
import { PsiPage, PsiSessionPage } from './psi-page.js'
import { RequestDetailPage } from './request-detail-page.js'
import { RequestsPage } from './requests-page.js'
import { RoleGate } from './role-gate.js'
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
          <Route path="account" element={<AccountPage />} />
          <Route path="account/password" element={<ChangePasswordForm />} />
          <Route
            path="admin/audit"
            element={
              <RoleGate to="/admin">
                <AuditLog />
              </RoleGate>
            }
          />
          <Route
            path="admin"
            element={
              <RoleGate to="/admin">
                <AdminPage />
              </RoleGate>
            }
          />
          <Route
            path="detect"
            element={
              <RoleGate to="/detect">
                <DetectPage />
              </RoleGate>
            }
          />
          <Route
            path="detect/live"
            element={
              <RoleGate to="/detect/live">
                <LivePage />
              </RoleGate>
            }
          />
          <Route
            path="detect/runs/:id"
            element={
              <RoleGate to="/detect">
                <DetectRunPage />
              </RoleGate>
            }
          />
          <Route
            path="detect/runs/:id/networks/:networkId"
            element={
              <RoleGate to="/detect">
                <DetectNetworkPage />
              </RoleGate>
            }
          />
          <Route
            path="disclose"
            element={
              <RoleGate to="/disclose">
                <DisclosuresPage />
              </RoleGate>
            }
          />
          <Route
            path="disclose/live"
            element={
              <RoleGate to="/disclose">
                <DiscloseLivePage />
              </RoleGate>
            }
          />
          <Route
            path="disclose/new"
            element={
              <RoleGate to="/disclose">
                <PrepareDisclosurePage />
              </RoleGate>
            }
          />
          <Route
            path="disclose/:id"
            element={
              <RoleGate to="/disclose">
                <DisclosurePage />
              </RoleGate>
            }
          />
          <Route
            path="exchange"
            element={
              <RoleGate to="/exchange">
                <ExchangePage />
              </RoleGate>
            }
          />
          <Route
            path="exchange/objects/:id"
            element={
              <RoleGate to="/exchange">
                <ObjectPage />
              </RoleGate>
            }
          />
          <Route
            path="psi"
            element={
              <RoleGate to="/psi">
                <PsiPage />
              </RoleGate>
            }
          />
          <Route
            path="psi/sessions/:id"
            element={
              <RoleGate to="/psi">
                <PsiSessionPage />
              </RoleGate>
            }
          />
          <Route path="transparency" element={<TransparencyPage />} />
          <Route
            path="requests"
            element={
              <RoleGate to="/requests">
                <RequestsPage />
              </RoleGate>
            }
          />
          <Route
            path="requests/:id"
            element={
              <RoleGate to="/requests">
                <RequestDetailPage />
              </RoleGate>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  )
}
