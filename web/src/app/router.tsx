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
        lazy: { Component: async () => (await import('./routes/login-page')).LoginPage },
      },
      {
        path: 'signup',
        loader: guestOnlyLoader,
        lazy: { Component: async () => (await import('./routes/signup-page')).SignupPage },
      },
      {
        path: 'invite/:token',
        lazy: { Component: async () => (await import('./routes/invite-page')).InvitePage },
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
                path: 'orgs/new',
                lazy: { Component: async () => (await import('./routes/new-org-page')).NewOrgPage },
              },
              {
                path: 'orgs/:orgId',
                element: <OrgLayout />,
                children: [
                  {
                    index: true,
                    lazy: {
                      Component: async () => (await import('./routes/org-home-page')).OrgHomePage,
                    },
                  },
                  {
                    path: 'settings',
                    loader: ({ params }) => redirect(`/orgs/${params.orgId}/settings/members`),
                  },
                  {
                    path: 'settings/members',
                    lazy: {
                      Component: async () => (await import('./routes/members-page')).MembersPage,
                    },
                  },
                  {
                    path: 'settings/api-keys',
                    lazy: {
                      Component: async () => (await import('./routes/api-keys-page')).ApiKeysPage,
                    },
                  },
                  {
                    path: 'integrations',
                    lazy: {
                      Component: async () =>
                        (await import('./routes/integrations-page')).IntegrationsPage,
                    },
                  },
                  {
                    path: 'audit-log',
                    lazy: {
                      Component: async () => (await import('./routes/audit-log-page')).AuditLogPage,
                    },
                  },
                  {
                    path: 'templates',
                    lazy: {
                      Component: async () =>
                        (await import('./routes/templates-page')).TemplatesPage,
                    },
                  },
                  { path: 'templates/new', lazy: { Component: loadTemplateEditor } },
                  { path: 'templates/:templateId', lazy: { Component: loadTemplateEditor } },
                  {
                    path: 'contacts',
                    lazy: {
                      Component: async () => (await import('./routes/contacts-page')).ContactsPage,
                    },
                  },
                  {
                    path: 'contacts/import',
                    lazy: {
                      Component: async () =>
                        (await import('./routes/contacts-tools-pages')).ImportPage,
                    },
                  },
                  {
                    path: 'contacts/conflicts',
                    lazy: {
                      Component: async () =>
                        (await import('./routes/contacts-tools-pages')).ConflictsPage,
                    },
                  },
                  {
                    path: 'contacts/:contactId',
                    lazy: {
                      Component: async () => (await import('./routes/contact-page')).ContactPage,
                    },
                  },
                  {
                    path: 'groups',
                    lazy: {
                      Component: async () =>
                        (await import('./routes/contacts-tools-pages')).GroupsPage,
                    },
                  },
                  {
                    path: 'suppressions',
                    lazy: {
                      Component: async () =>
                        (await import('./routes/contacts-tools-pages')).SuppressionsPage,
                    },
                  },
                  {
                    path: 'messages',
                    lazy: {
                      Component: async () => (await import('./routes/messages-page')).MessagesPage,
                    },
                  },
                  {
                    path: 'campaigns',
                    lazy: {
                      Component: async () =>
                        (await import('./routes/campaigns-page')).CampaignsPage,
                    },
                  },
                  { path: 'campaigns/new', lazy: { Component: loadCampaignEditor } },
                  {
                    path: 'campaigns/:campaignId',
                    lazy: {
                      Component: async () => (await import('./routes/campaign-page')).CampaignPage,
                    },
                  },
                  { path: 'campaigns/:campaignId/edit', lazy: { Component: loadCampaignEditor } },
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

async function loadTemplateEditor() {
  return (await import('./routes/template-editor-page')).TemplateEditorPage;
}

async function loadCampaignEditor() {
  return (await import('./routes/campaign-editor-page')).CampaignEditorPage;
}
