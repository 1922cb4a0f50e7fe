import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import {
  contactQueryOptions,
  contactSearchQueryOptions,
  groupsQueryOptions,
  type Contact,
} from '@/features/contacts';
import { integrationsQueryOptions, type Integration } from '@/features/integrations';
import {
  templateOptionsQueryOptions,
  templateQueryOptions,
  templateVersionsQueryOptions,
  type TemplateChannel,
} from '@/features/templates';
import type { paths } from '@/lib/api/schema.gen';

/*
 * What the campaign form picks from: integrations, templates, groups and contacts, read with
 * the query options of the features that own them, so each has one cache entry and one
 * definition.
 */

export type IntegrationOption = Integration;
export type ContactOption = Contact;
export type { TemplateChannel };

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

export const useIntegrationOptions = (orgId: string) => useQuery(integrationsQueryOptions(orgId));

export const useTemplateOptions = (orgId: string) => useQuery(templateOptionsQueryOptions(orgId));

/** A template with its current version, for its declared variables. */
export const useTemplateDetail = (orgId: string, templateId: string | null) =>
  useQuery(templateQueryOptions(orgId, templateId));

/** The versions of a template, to name the one a launched campaign pinned. */
export const useTemplateVersions = (orgId: string, templateId: string | null) =>
  useQuery(templateVersionsQueryOptions(orgId, templateId));

export const useGroupOptions = (orgId: string) => useQuery(groupsQueryOptions(orgId));

/** The first 20 contacts matching a search, for picking individual recipients. */
export const useContactSearch = (orgId: string, query: string) =>
  useQuery({ ...contactSearchQueryOptions(orgId, query), placeholderData: keepPreviousData });

/** Contacts by id (a saved draft's individually chosen recipients), for their names. */
export const useContactsById = (orgId: string, contactIds: string[]) =>
  useQueries({ queries: contactIds.map((contactId) => contactQueryOptions(orgId, contactId)) });

type TemplateList =
  paths['/api/v1/orgs/{orgId}/templates']['get']['responses'][200]['content']['application/json'];
export type TemplateOption = TemplateList['items'][number];
type TemplateDetail =
  paths['/api/v1/orgs/{orgId}/templates/{templateId}']['get']['responses'][200]['content']['application/json'];
export type TemplateVariable = TemplateDetail['current']['variables'][number];
