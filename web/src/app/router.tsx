import { createBrowserRouter, redirect } from 'react-router';
import { FullPageLoader } from '@/components/full-page-loader';
import { AppLayout } from './layout/app-layout';
import { guestOnlyLoader, requireSessionLoader, startPageLoader } from './route-loaders';
import { ApiKeysPage } from './routes/api-keys-page';
import { AuditLogPage } from './routes/audit-log-page';
import { CampaignEditorPage } from './routes/campaign-editor-page';
import { CampaignPage } from './routes/campaign-page';
import { CampaignsPage } from './routes/campaigns-page';
import { IntegrationsPage } from './routes/integrations-page';
import { ContactPage } from './routes/contact-page';
import { ContactsPage } from './routes/contacts-page';
import {
  ConflictsPage,
  GroupsPage,
  ImportPage,
  SuppressionsPage,
} from './routes/contacts-tools-pages';
import { InvitePage } from './routes/invite-page';
import { LoginPage } from './routes/login-page';
import { MembersPage } from './routes/members-page';
import { MessagesPage } from './routes/messages-page';
import { NewOrgPage } from './routes/new-org-page';
import { NotFoundPage } from './routes/not-found-page';
import { OrgHomePage } from './routes/org-home-page';
import { OrgLayout } from './routes/org-layout';
import { PageError } from './routes/page-error';
import { RouteErrorPage } from './routes/route-error-page';
import { SignupPage } from './routes/signup-page';
import { TemplateEditorPage } from './routes/template-editor-page';
import { TemplatesPage } from './routes/templates-page';

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <FullPageLoader />,
    children: [
      { index: true, loader: startPageLoader, element: <FullPageLoader /> },
      { path: 'login', loader: guestOnlyLoader, element: <LoginPage /> },
      { path: 'signup', loader: guestOnlyLoader, element: <SignupPage /> },
      { path: 'invite/:token', element: <InvitePage /> },
      {
        loader: requireSessionLoader,
        element: <AppLayout />,
        children: [
          {
            errorElement: <PageError />,
            children: [
              { path: 'orgs', loader: () => redirect('/') },
              { path: 'orgs/new', element: <NewOrgPage /> },
              {
                path: 'orgs/:orgId',
                element: <OrgLayout />,
                children: [
                  { index: true, element: <OrgHomePage /> },
                  {
                    path: 'settings',
                    loader: ({ params }) => redirect(`/orgs/${params.orgId}/settings/members`),
                  },
                  { path: 'settings/members', element: <MembersPage /> },
                  { path: 'settings/api-keys', element: <ApiKeysPage /> },
                  { path: 'integrations', element: <IntegrationsPage /> },
                  { path: 'audit-log', element: <AuditLogPage /> },
                  { path: 'templates', element: <TemplatesPage /> },
                  { path: 'templates/new', element: <TemplateEditorPage /> },
                  { path: 'templates/:templateId', element: <TemplateEditorPage /> },
                  { path: 'contacts', element: <ContactsPage /> },
                  { path: 'contacts/import', element: <ImportPage /> },
                  { path: 'contacts/conflicts', element: <ConflictsPage /> },
                  { path: 'contacts/:contactId', element: <ContactPage /> },
                  { path: 'groups', element: <GroupsPage /> },
                  { path: 'suppressions', element: <SuppressionsPage /> },
                  { path: 'messages', element: <MessagesPage /> },
                  { path: 'campaigns', element: <CampaignsPage /> },
                  { path: 'campaigns/new', element: <CampaignEditorPage /> },
                  { path: 'campaigns/:campaignId', element: <CampaignPage /> },
                  { path: 'campaigns/:campaignId/edit', element: <CampaignEditorPage /> },
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
