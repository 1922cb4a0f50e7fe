export { ConflictsInbox } from './components/conflicts-inbox';
export { ContactDetail } from './components/contact-detail';
export { ContactsTable } from './components/contacts-table';
export { CreateContactModal } from './components/create-contact-modal';
export { GroupsPanel } from './components/groups-panel';
export { ImportWizard } from './components/import-wizard';
export { SuppressionsTable } from './components/suppressions-table';
export { contactQueryOptions, contactSearchQueryOptions, type Contact } from './api/contacts';
export { groupsQueryOptions } from './api/groups';
