export { useInvitationPreview, type InvitationPreview } from './api/get-invitation-preview';
export { AcceptInvitationButton } from './components/accept-invitation-button';
export { InviteMemberModal } from './components/invite-member-modal';
export { invitationUnavailableReason, InvitationSummary } from './components/invitation-summary';
export { MembersTable } from './components/members-table';
export { PendingInvitations } from './components/pending-invitations';
