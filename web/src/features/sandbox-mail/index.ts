/** The sandbox mailbox: the mail an embedded server with the sandbox kept instead of sending. */
export { MailboxList, MailboxOff, MailView } from './components/mailbox';
