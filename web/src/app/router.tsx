import type { ComponentType } from 'react';
import { createBrowserRouter, redirect } from 'react-router';
import { FullPageLoader } from '@/components/full-page-loader';
import { AppLayout } from './layout/app-layout';
import { RootLayout } from './layout/root-layout';
import { guestOnlyLoader, requireSessionLoader, startPageLoader } from './route-loaders';
import { NotFoundPage } from './routes/not-found-page';
import { OrgLayout } from './routes/org-layout';
import { PageError } from './routes/page-error';
import { RouteErrorPage } from './routes/route-error-page';

/*
 * Layouts, loaders and error pages are in the entry chunk; each page is its own chunk, fetched
 * through React Router's `lazy` on first visit. Meanwhile the first load shows the root's
 * hydrate fallback and later navigations the NavigationProgress bar (RootLayout); a chunk that
 * fails to download (a deploy replaced it) reaches the nearest error element, which offers a
 * reload.
 */
export const router = createBrowserRouter([
  {
    Component: RootLayout,
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <FullPageLoader />,
    children: [
      { index: true, loader: startPageLoader, element: <FullPageLoader /> },
      {
        path: 'login',
        loader: guestOnlyLoader,
        lazy: page(async () => (await import('./routes/login-page')).LoginPage),
      },
      {
        path: 'signup',
        loader: guestOnlyLoader,
        lazy: page(async () => (await import('./routes/signup-page')).SignupPage),
      },
      {
        path: 'forgot-password',
        loader: guestOnlyLoader,
        lazy: page(async () => (await import('./routes/account-link-pages')).ForgotPasswordPage),
      },
      {
        path: 'reset-password',
        lazy: page(async () => (await import('./routes/account-link-pages')).ResetPasswordPage),
      },
      {
        path: 'confirm-email',
        lazy: page(async () => (await import('./routes/account-link-pages')).ConfirmEmailPage),
      },
      {
        path: 'sandbox/mail/:mailId?',
        lazy: page(async () => (await import('./routes/sandbox-mail-page')).SandboxMailPage),
      },
      {
        path: 'invite/:token',
        lazy: page(async () => (await import('./routes/invite-page')).InvitePage),
      },
      {
        loader: requireSessionLoader,
        element: <AppLayout />,
        children: [
          {
            errorElement: <PageError />,
            children: [
              { path: 'orgs', loader: () => redirect('/') },
              {
                path: 'profile',
                lazy: page(async () => (await import('./routes/profile-page')).ProfilePage),
              },
              {
                path: 'orgs/new',
                lazy: page(async () => (await import('./routes/new-org-page')).NewOrgPage),
              },
              {
                path: 'orgs/:orgId',
                element: <OrgLayout />,
                children: [
                  {
                    index: true,
                    lazy: page(async () => (await import('./routes/org-home-page')).OrgHomePage),
                  },
                  {
                    path: 'settings',
                    lazy: page(
                      async () => (await import('./routes/org-settings-page')).OrgSettingsPage,
                    ),
                  },
                  {
                    path: 'settings/members',
                    lazy: page(async () => (await import('./routes/members-page')).MembersPage),
                  },
                  {
                    path: 'settings/api-keys',
                    lazy: page(async () => (await import('./routes/api-keys-page')).ApiKeysPage),
                  },
                  {
                    path: 'integrations',
                    lazy: page(
                      async () => (await import('./routes/integrations-page')).IntegrationsPage,
                    ),
                  },
                  {
                    path: 'audit-log',
                    lazy: page(async () => (await import('./routes/audit-log-page')).AuditLogPage),
                  },
                  {
                    path: 'templates',
                    lazy: page(async () => (await import('./routes/templates-page')).TemplatesPage),
                  },
                  { path: 'templates/new', lazy: page(loadTemplateEditor) },
                  { path: 'templates/:templateId', lazy: page(loadTemplateEditor) },
                  {
                    path: 'contacts',
                    lazy: page(async () => (await import('./routes/contacts-page')).ContactsPage),
                  },
                  {
                    path: 'contacts/import',
                    lazy: page(
                      async () => (await import('./routes/contacts-tools-pages')).ImportPage,
                    ),
                  },
                  {
                    path: 'contacts/conflicts',
                    lazy: page(
                      async () => (await import('./routes/contacts-tools-pages')).ConflictsPage,
                    ),
                  },
                  {
                    path: 'contacts/:contactId',
                    lazy: page(async () => (await import('./routes/contact-page')).ContactPage),
                  },
                  {
                    path: 'groups',
                    lazy: page(
                      async () => (await import('./routes/contacts-tools-pages')).GroupsPage,
                    ),
                  },
                  {
                    path: 'suppressions',
                    lazy: page(
                      async () => (await import('./routes/contacts-tools-pages')).SuppressionsPage,
                    ),
                  },
                  {
                    path: 'messages',
                    lazy: page(async () => (await import('./routes/messages-page')).MessagesPage),
                  },
                  {
                    path: 'monitoring',
                    lazy: page(
                      async () => (await import('./routes/monitoring-page')).MonitoringPage,
                    ),
                  },
                  {
                    path: 'alerts',
                    lazy: page(async () => (await import('./routes/alerts-page')).AlertsPage),
                  },
                  {
                    path: 'alerts/rules',
                    lazy: page(
                      async () => (await import('./routes/alert-rules-page')).AlertRulesPage,
                    ),
                  },
                  {
                    path: 'campaigns',
                    lazy: page(async () => (await import('./routes/campaigns-page')).CampaignsPage),
                  },
                  { path: 'campaigns/new', lazy: page(loadCampaignEditor) },
                  {
                    path: 'campaigns/:campaignId',
                    lazy: page(async () => (await import('./routes/campaign-page')).CampaignPage),
                  },
                  { path: 'campaigns/:campaignId/edit', lazy: page(loadCampaignEditor) },
                ],
              },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/**
 * A page component as a route's `lazy` function. Not the object form (`lazy: { Component }`):
 * in React Router 7.18, a failed Component import there reaches no error element (the page
 * stays blank); from the function form the failure goes to the nearest one.
 */
function page(load: () => Promise<ComponentType>) {
  return async () => ({ Component: await load() });
}

async function loadTemplateEditor() {
  return (await import('./routes/template-editor-page')).TemplateEditorPage;
}

async function loadCampaignEditor() {
  return (await import('./routes/campaign-editor-page')).CampaignEditorPage;
}
