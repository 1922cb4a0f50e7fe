import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api/client';
import { orgScopedKey } from '@/lib/api/query-keys';
import type { paths } from '@/lib/api/schema.gen';

/*
 * What the campaign form picks from: integrations, templates, groups and contacts. Read here
 * rather than through the other features so that the campaigns feature stands on its own; the
 * keys sit under the same org scope, so every change elsewhere refreshes them.
 */

type IntegrationList =
  paths['/api/v1/orgs/{orgId}/integrations']['get']['responses'][200]['content']['application/json'];
export type IntegrationOption = IntegrationList['items'][number];
type TemplateList =
  paths['/api/v1/orgs/{orgId}/templates']['get']['responses'][200]['content']['application/json'];
export type TemplateOption = TemplateList['items'][number];
export type TemplateChannel = TemplateOption['channel'];
type ContactList =
  paths['/api/v1/orgs/{orgId}/contacts']['get']['responses'][200]['content']['application/json'];
export type ContactOption = ContactList['items'][number];

export const CHANNEL_LABELS: Record<TemplateChannel, string> = {
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  instagram: 'Instagram',
};

/** The channels an integration can send on (Twilio does WhatsApp once a sender is set). */
export function integrationChannels(integration: IntegrationOption): TemplateChannel[] {
  switch (integration.provider) {
    case 'sendgrid':
      return ['email'];
    case 'twilio':
      return integration.settings.whatsappFrom ? ['sms', 'whatsapp'] : ['sms'];
    case 'telegram':
      return ['telegram'];
    case 'instagram':
      return ['instagram'];
  }
}

export const useIntegrationOptions = (orgId: string) =>
  useQuery({
    queryKey: orgScopedKey(orgId, 'integrations'),
    queryFn: () =>
      unwrap(api.GET('/api/v1/orgs/{orgId}/integrations', { params: { path: { orgId } } })),
  });

/** Templates are few enough that the first 200 make the picker. */
export const useTemplateOptions = (orgId: string) =>
  useQuery({
    queryKey: orgScopedKey(orgId, 'templates', 'options'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/templates', {
          params: { path: { orgId }, query: { limit: 200 } },
        }),
      ),
  });

/** A template with its current version, for its declared variables. */
export const useTemplateDetail = (orgId: string, templateId: string | null) =>
  useQuery({
    queryKey: orgScopedKey(orgId, 'templates', 'detail', templateId ?? ''),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/templates/{templateId}', {
          params: { path: { orgId, templateId: templateId! } },
        }),
      ),
    enabled: templateId !== null,
  });

/** The versions of a template, to name the one a launched campaign pinned. */
export const useTemplateVersions = (orgId: string, templateId: string | null) =>
  useQuery({
    queryKey: orgScopedKey(orgId, 'templates', 'versions', templateId ?? ''),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/templates/{templateId}/versions', {
          params: { path: { orgId, templateId: templateId! }, query: { limit: 200 } },
        }),
      ),
    enabled: templateId !== null,
  });

/** Groups are few: the first 200 are enough for the picker. */
export const useGroupOptions = (orgId: string) =>
  useQuery({
    queryKey: orgScopedKey(orgId, 'groups'),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/groups', {
          params: { path: { orgId }, query: { limit: 200 } },
        }),
      ),
  });

/** The first 20 contacts matching a search, for picking individual recipients. */
export const useContactSearch = (orgId: string, query: string) =>
  useQuery({
    queryKey: orgScopedKey(orgId, 'contacts', 'search', query),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orgs/{orgId}/contacts', {
          params: { path: { orgId }, query: { limit: 20, ...(query && { query }) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });

/** Contacts by id (a saved draft's individually chosen recipients), for their names. */
export const useContactsById = (orgId: string, contactIds: string[]) =>
  useQueries({
    queries: contactIds.map((contactId) => ({
      queryKey: orgScopedKey(orgId, 'contacts', 'one', contactId),
      queryFn: () =>
        unwrap(
          api.GET('/api/v1/orgs/{orgId}/contacts/{contactId}', {
            params: { path: { orgId, contactId } },
          }),
        ),
    })),
  });

type TemplateDetail =
  paths['/api/v1/orgs/{orgId}/templates/{templateId}']['get']['responses'][200]['content']['application/json'];
export type TemplateVariable = TemplateDetail['current']['variables'][number];
